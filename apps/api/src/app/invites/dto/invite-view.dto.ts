import { ApiProperty } from '@nestjs/swagger';
import type { CreatedInvite, GuestSession, InviteView } from '@webrtc-call/signaling-contracts';

export class InviteViewDto implements InviteView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) roomId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) maxUses!: number | null;
  @ApiProperty() uses!: number;
}

export class CreatedInviteDto extends InviteViewDto implements CreatedInvite {
  @ApiProperty({ description: 'Shown once: the link is /invite#<secret>' }) secret!: string;
}

class GuestDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ format: 'uuid' }) roomId!: string;
  @ApiProperty() roomName!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class GuestSessionDto implements GuestSession {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ type: GuestDto }) guest!: GuestDto;
}
