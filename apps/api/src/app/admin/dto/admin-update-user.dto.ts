import { ApiPropertyOptional } from '@nestjs/swagger';
import type { AdminUpdateUserRequest, UserRole } from '@webrtc-call/signaling-contracts';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';

export class AdminUpdateUserDto implements AdminUpdateUserRequest {
  @ApiPropertyOptional({ enum: ['user', 'admin'] })
  @IsOptional()
  @IsIn(['user', 'admin'], { message: 'role must be "user" or "admin"' })
  role?: UserRole;

  @ApiPropertyOptional({ description: 'Disabling signs the user out everywhere and closes their sockets' })
  @IsOptional()
  @IsBoolean({ message: 'disabled must be true or false' })
  disabled?: boolean;
}
