import type { INestApplicationContext } from '@nestjs/common';
import { SignalingCloseCode } from '@webrtc-call/signaling-contracts';
import type { WebSocket, WebSocketServer } from 'ws';
import { SignalingWsAdapter } from '../app/signaling/signaling-ws.adapter';
import { UpgradeGate } from '../app/signaling/upgrade-gate';

/** The signaling adapter, plus closing every client politely when the application shuts down. */
export class GracefulWsAdapter extends SignalingWsAdapter {
  private readonly servers = new Set<WebSocketServer>();

  constructor(app: INestApplicationContext) {
    super(app, app.get(UpgradeGate));
  }

  override create(port: number, options?: Record<string, unknown>): WebSocketServer {
    const server = super.create(port, options);
    this.servers.add(server);
    return server;
  }

  /**
   * Sends 1012 (service restart) to every client, so they reconnect with jitter and resume, and waits
   * until they answer or the time is up.
   */
  async closeClients(reason: string, timeoutMs: number): Promise<void> {
    const clients = [...this.servers].flatMap((server) => [...server.clients]);
    const closed = clients.map(
      (client: WebSocket) =>
        new Promise<void>((resolve) =>
          client.readyState === client.CLOSED ? resolve() : client.once('close', () => resolve()),
        ),
    );
    for (const client of clients) client.close(SignalingCloseCode.ServiceRestart, reason);
    let timer: NodeJS.Timeout | undefined;
    const timeUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all(closed), timeUp]);
    clearTimeout(timer);
  }
}
