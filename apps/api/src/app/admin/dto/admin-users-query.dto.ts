import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../../../common/pagination.dto';
import { Trim } from '../../../common/trim';

export class AdminUsersQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Part of a username or display name, case-insensitive' })
  @IsOptional()
  @IsString()
  @Trim()
  @MaxLength(64)
  // PostgreSQL text cannot hold NUL; such a search can only be garbage.
  @Matches(/^[^\u0000]*$/, { message: 'q must not contain NUL characters' })
  q?: string;
}
