import { ApiProperty } from '@nestjs/swagger';
import type { LoginResponse, Page, UserRole, UserView } from '@webrtc-call/signaling-contracts';

/** OpenAPI description of UserView; `implements` keeps it in step with the contract. */
export class UserViewDto implements UserView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ['user', 'admin'] }) role!: UserRole;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ description: 'Only choosing a new password is allowed until it is false' })
  mustChangePassword!: boolean;
}

export class LoginResponseDto implements LoginResponse {
  @ApiProperty({ description: 'Bearer token for the Authorization header and the signaling socket' })
  accessToken!: string;
  @ApiProperty({ type: UserViewDto }) user!: UserViewDto;
}

export class UserPageDto implements Page<UserView> {
  @ApiProperty({ type: [UserViewDto] }) items!: UserViewDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() limit!: number;
}
