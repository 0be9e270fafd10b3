import { ApiProperty } from '@nestjs/swagger';
import type { SignalingTicket } from '@webrtc-call/signaling-contracts';

export class SignalingTicketDto implements SignalingTicket {
  @ApiProperty({ description: 'Open the socket at /ws?ticket=<ticket>; it works once' }) ticket!: string;
  @ApiProperty({ example: 30 }) expiresInSeconds!: number;
}
