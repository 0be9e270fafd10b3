import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { IceServer, TurnCredentials } from '@webrtc-call/signaling-contracts';

export class IceServerDto implements IceServer {
  @ApiProperty({ type: [String], example: ['turn:turn.example.org:3478?transport=udp'] }) urls!: string[];
  @ApiPropertyOptional() username?: string;
  @ApiPropertyOptional() credential?: string;
}

export class TurnCredentialsDto implements TurnCredentials {
  @ApiProperty({ type: String, nullable: true, description: '`<expiry unix seconds>:<userId>`; null without TURN' })
  username!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'base64(HMAC-SHA1(secret, username)); null without TURN' })
  password!: string | null;
  @ApiProperty({ description: 'Seconds the credentials stay valid' }) ttl!: number;
  @ApiProperty({ type: [String] }) uris!: string[];
  @ApiProperty({ type: [IceServerDto], description: 'Ready for new RTCPeerConnection({iceServers})' })
  iceServers!: IceServerDto[];
  @ApiProperty() turnConfigured!: boolean;
  @ApiPropertyOptional({ description: 'Set when no TURN server is configured' }) notice?: string;
}
