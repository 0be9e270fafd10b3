import { Logger } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { UpgradeGate } from './upgrade-gate';

/**
 * The stock adapter parses every frame and silently drops bad JSON and unknown events. The signaling
 * gateways read frames themselves so that each one is validated once and every bad one is answered.
 * Every upgrade passes the gate first: a socket exists only for a valid credential.
 */
export class SignalingWsAdapter extends WsAdapter {
  private readonly log = new Logger('Signaling');

  constructor(
    app: ConstructorParameters<typeof WsAdapter>[0],
    private readonly gate: UpgradeGate,
  ) {
    super(app);
  }

  override create(port: number, options?: Record<string, unknown>): WebSocketServer {
    return super.create(port, { ...options, verifyClient: this.gate.verifyClient }) as WebSocketServer;
  }

  override bindMessageHandlers(): void {
    // Frames are handled by SocketRegistry.
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
