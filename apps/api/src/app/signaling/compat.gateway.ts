import { OnGatewayConnection, OnGatewayDisconnect, WebSocketGateway } from '@nestjs/websockets';
import { parseCompatMessage } from '@webrtc-call/signaling-contracts';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { AppConfig } from '../../config/app-config';
import { BINARY_FRAME, MAX_FRAME_BYTES } from './signaling.gateway';
import { SocketRegistry } from './socket-registry';
import { CompatTransport } from './transports';

/** The course dialect at /ws/compat: same rooms, auth and limits, translated at the edge. */
@WebSocketGateway({ path: '/ws/compat', maxPayload: MAX_FRAME_BYTES })
export class CompatGateway implements OnGatewayConnection, OnGatewayDisconnect {
  constructor(
    private readonly sockets: SocketRegistry,
    private readonly config: AppConfig,
  ) {}

  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    const transport = new CompatTransport(socket, request.socket, this.config.signaling.maxBufferedBytes);
    this.sockets.accept(socket, request, transport, (data, isBinary) =>
      isBinary ? BINARY_FRAME : parseCompatMessage(data.toString()),
    );
  }

  handleDisconnect(socket: WebSocket): void {
    this.sockets.release(socket);
  }
}
