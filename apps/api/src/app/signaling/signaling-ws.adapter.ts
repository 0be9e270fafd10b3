import { Logger } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import type { WebSocket, WebSocketServer } from 'ws';

/**
 * The stock adapter parses every frame and silently drops bad JSON and unknown events. The signaling
 * gateway reads frames itself so that each one is validated once and every bad one is answered.
 */
export class SignalingWsAdapter extends WsAdapter {
  private readonly log = new Logger('Signaling');

  override bindMessageHandlers(): void {
    // Frames are handled by SignalingGateway.
  }

  /** A client breaking the protocol (e.g. an oversized frame, closed with 1009) is a warning, not a server error. */
  override bindErrorHandler(server: WebSocketServer): WebSocketServer {
    server.on('connection', (socket: WebSocket) =>
      socket.on('error', (error: Error & { code?: string }) =>
        this.log.warn(`socket closed on protocol error: ${error.code ?? error.message}`),
      ),
    );
    server.on('error', (error: Error) => this.log.error(error.stack ?? error.message));
    return server;
  }
}
