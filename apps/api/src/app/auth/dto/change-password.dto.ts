import { ApiProperty } from '@nestjs/swagger';
import type { ChangePasswordRequest } from '@webrtc-call/signaling-contracts';
import { IsString, MaxLength } from 'class-validator';
import { IsPassword } from './password.rules';

export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty()
  @IsString()
  @MaxLength(256)
  currentPassword!: string;

  @ApiProperty({ minLength: 8, maxLength: 256 })
  @IsPassword('newPassword')
  newPassword!: string;
}
