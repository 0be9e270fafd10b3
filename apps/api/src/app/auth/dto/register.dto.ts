import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RegisterRequest } from '@webrtc-call/signaling-contracts';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { Trim } from '../../../common/trim';
import { IsPassword } from './password.rules';

export const USERNAME_PATTERN = /^[a-zA-Z0-9._-]+$/;

export class RegisterDto implements RegisterRequest {
  @ApiProperty({ minLength: 3, maxLength: 32, pattern: USERNAME_PATTERN.source, example: 'alice' })
  @IsString()
  @Length(3, 32, { message: 'username must be 3 to 32 characters long' })
  @Matches(USERNAME_PATTERN, { message: 'username may contain only letters, digits, ".", "_" and "-"' })
  username!: string;

  @ApiProperty({ minLength: 8, maxLength: 256 })
  @IsPassword('password')
  password!: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 64, description: 'Defaults to the username' })
  @IsOptional()
  @IsString()
  @Trim()
  @Length(1, 64, { message: 'displayName must be 1 to 64 characters long' })
  displayName?: string;
}
