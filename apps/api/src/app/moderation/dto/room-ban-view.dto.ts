import { ApiProperty } from '@nestjs/swagger';
import type { RoomBanView } from '@webrtc-call/signaling-contracts';

export class RoomBanViewDto implements RoomBanView {
  @ApiProperty({ format: 'uuid' }) roomId!: string;
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null when the account no longer exists' })
  displayName!: string | null;
  @ApiProperty({ format: 'uuid', description: 'The owner or administrator who removed them' }) bannedBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}
