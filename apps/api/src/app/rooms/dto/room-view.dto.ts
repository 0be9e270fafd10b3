import { ApiProperty } from '@nestjs/swagger';
import type { AdminRoomView, LobbyParticipant, Page, PeerInfo, RoomView } from '@webrtc-call/signaling-contracts';

export class RoomViewDto implements RoomView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ minimum: 2, maximum: 8 }) capacity!: number;
  @ApiProperty({ format: 'uuid' }) ownerId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() isPublic!: boolean;
  @ApiProperty({ description: 'The password itself is never returned' }) hasPassword!: boolean;
  @ApiProperty() locked!: boolean;
  @ApiProperty({ description: 'People in the call right now' }) participants!: number;
  @ApiProperty({ description: 'Guests wait for the owner to let them in' }) guestsWait!: boolean;
  @ApiProperty({ description: 'Signed-in users other than the owner wait too' }) membersWait!: boolean;
}

export class RoomPageDto implements Page<RoomView> {
  @ApiProperty({ type: [RoomViewDto] }) items!: RoomViewDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() limit!: number;
}

export class PeerInfoDto implements PeerInfo {
  @ApiProperty() peerId!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() audio!: boolean;
  @ApiProperty() video!: boolean;
  @ApiProperty({ required: false }) reconnecting?: boolean;
  @ApiProperty({ required: false, description: 'Came in through an invite link' }) guest?: boolean;
}

export class AdminRoomViewDto extends RoomViewDto implements AdminRoomView {
  @ApiProperty({ type: [PeerInfoDto] }) peers!: PeerInfoDto[];
}

export class AdminRoomPageDto implements Page<AdminRoomView> {
  @ApiProperty({ type: [AdminRoomViewDto] }) items!: AdminRoomViewDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() limit!: number;
}

export class LobbyParticipantDto implements LobbyParticipant {
  @ApiProperty() displayName!: string;
  @ApiProperty({ description: 'Came in through an invite link' }) guest!: boolean;
}
