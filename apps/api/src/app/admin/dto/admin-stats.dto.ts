import { ApiProperty } from '@nestjs/swagger';
import type { AdminStats } from '@webrtc-call/signaling-contracts';

export class AdminStatsDto implements AdminStats {
  @ApiProperty({ description: 'Open signaling sockets' }) sockets!: number;
  @ApiProperty({ description: 'Rooms with someone in the call' }) rooms!: number;
  @ApiProperty() participants!: number;
  @ApiProperty({ description: 'Signaling messages relayed in the last minute' }) relayedPerMinute!: number;
  @ApiProperty() uptimeSeconds!: number;
  @ApiProperty({ description: 'Registered accounts' }) users!: number;
  @ApiProperty({ description: 'Rooms stored' }) storedRooms!: number;
}
