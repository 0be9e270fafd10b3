import type { INestApplicationContext } from '@nestjs/common';
import type { WebSocket, WebSocketServer } from 'ws';
import { SignalingWsAdapter } from '../app/signaling/signaling-ws.adapter';

/** 1001 "going away": clients know the server is restarting and reconnect instead of reporting an error. */
export const GOING_AWAY = 1001;

/** The signaling adapter, plus closing every client politely when the application shuts down. */
export class GracefulWsAdapter extends SignalingWsAdapter {
  private readonly servers = new Set<WebSocketServer>();

  constructor(app: INestApplicationContext) {
    super(app);
  }

  override create(port: number, options?: Record<string, unknown>): WebSocketServer {
    const server = super.create(port, options) as WebSocketServer;
    this.servers.add(server);
    return server;
  }

  /** Sends a close frame to every client and waits until they answer or the time is up. */
  async closeClients(reason: string, timeoutMs: number): Promise<void> {
    const clients = [...this.servers].flatMap((server) => [...server.clients]);
    const closed = clients.map(
      (client: WebSocket) =>
        new Promise<void>((resolve) =>
          client.readyState === client.CLOSED ? resolve() : client.once('close', () => resolve()),
        ),
    );
    for (const client of clients) client.close(GOING_AWAY, reason);
    let timer: NodeJS.Timeout | undefined;
    const timeUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all(closed), timeUp]);
    clearTimeout(timer);
  }
}
