import { OnGatewayConnection, OnGatewayDisconnect, WebSocketGateway } from '@nestjs/websockets';
import { parseClientMessage, ParseResult, SignalingErrorCode } from '@webrtc-call/signaling-contracts';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { AppConfig } from '../../config/app-config';
import { SocketRegistry } from './socket-registry';
import { JsonTransport } from './transports';

/** 64 KiB: far above any real SDP, small enough that one socket cannot hog memory. */
export const MAX_FRAME_BYTES = 64 * 1024;

export const BINARY_FRAME: ParseResult = {
  ok: false,
  code: SignalingErrorCode.InvalidMessage,
  message: 'binary frames are not accepted',
};

/** The native protocol at /ws: `{event, data}` JSON frames. */
@WebSocketGateway({ path: '/ws', maxPayload: MAX_FRAME_BYTES })
export class SignalingGateway implements OnGatewayConnection, OnGatewayDisconnect {
  constructor(
    private readonly sockets: SocketRegistry,
    private readonly config: AppConfig,
  ) {}

  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    const transport = new JsonTransport(socket, request.socket, this.config.signaling.maxBufferedBytes);
    this.sockets.accept(socket, request, transport, (data, isBinary) =>
      isBinary ? BINARY_FRAME : parseClientMessage(data.toString()),
    );
  }

  handleDisconnect(socket: WebSocket): void {
    this.sockets.release(socket);
  }
}
