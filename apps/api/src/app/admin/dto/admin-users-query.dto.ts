import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import { PaginationQueryDto } from '../../../common/pagination.dto';
import { Trim } from '../../../common/trim';

export class AdminUsersQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Part of a username or display name, case-insensitive' })
  @IsOptional()
  @IsString()
  @Trim()
  @MaxLength(64)
  // PostgreSQL text cannot hold NUL; such a search can only be garbage.
  @ValidateBy(
    { name: 'noNul', validator: { validate: (value) => typeof value === 'string' && !value.includes('\u0000') } },
    { message: 'q must not contain NUL characters' },
  )
  q?: string;
}
