import { ApiPropertyOptional } from '@nestjs/swagger';
import type { AdminUpdateUserRequest, UserRole } from '@webrtc-call/signaling-contracts';
import { IsBoolean, IsIn, ValidateIf } from 'class-validator';

/** Unlike IsOptional, lets null through to the validators: `"role": null` is refused, not written to the account. */
const IfPresent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

export class AdminUpdateUserDto implements AdminUpdateUserRequest {
  @ApiPropertyOptional({ enum: ['user', 'admin'] })
  @IfPresent()
  @IsIn(['user', 'admin'], { message: 'role must be "user" or "admin"' })
  role?: UserRole;

  @ApiPropertyOptional({ description: 'Disabling signs the user out everywhere and closes their sockets' })
  @IfPresent()
  @IsBoolean({ message: 'disabled must be true or false' })
  disabled?: boolean;
}
