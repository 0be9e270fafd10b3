import type { ServerEvent, ServerEventMap } from '@webrtc-call/signaling-contracts';
import WebSocket from 'ws';

export interface Received {
  event: string;
  data: unknown;
}

/** A real WebSocket client that buffers frames so a test can await them in order. */
export class WsClient {
  private readonly inbox: Received[] = [];
  private waiters: Array<() => void> = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      this.inbox.push(JSON.parse(raw.toString()) as Received);
      this.wake();
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.wake();
      }),
    );
  }

  static async connect(url: string, token?: string, options: WebSocket.ClientOptions = {}): Promise<WsClient> {
    const socket = new WebSocket(token === undefined ? url : `${url}?token=${encodeURIComponent(token)}`, options);
    const client = new WsClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  /**
   * The HTTP status with which the server refuses to upgrade (401 for a bad credential, 429 when too
   * many are being checked); fails if the socket opens instead.
   */
  static refusal(url: string, query?: string): Promise<number> {
    const socket = new WebSocket(query === undefined ? url : `${url}?${query}`);
    return new Promise((resolve, reject) => {
      socket.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
        socket.terminate();
      });
      socket.once('open', () => {
        socket.terminate();
        reject(new Error('the upgrade was accepted'));
      });
      socket.once('error', () => undefined);
    });
  }

  /**
   * Resolves once the server has checked the token and registered the socket: `open` only means
   * the upgrade finished, and token checks of concurrent sockets may complete in any order.
   */
  async registered(): Promise<this> {
    this.send('keepalive', {});
    await this.next('keepalive');
    return this;
  }

  send(event: string, data?: unknown, id?: string | number): void {
    this.socket.send(JSON.stringify(id === undefined ? { event, data } : { event, data, id }));
  }

  /** Sends a frame of the course dialect (`{cmd, ...}`). */
  sendCompat(frame: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** The next raw frame, whatever its shape (for the compat dialect). */
  async nextRaw(timeoutMs = 10000): Promise<Record<string, unknown>> {
    return (await this.take(timeoutMs)) as unknown as Record<string, unknown>;
  }

  sendRaw(raw: string | Buffer): void {
    this.socket.send(raw);
  }

  /** The next frame; fails if it is not `event` or nothing arrives in time. */
  async next<E extends ServerEvent>(event: E, timeoutMs = 10000): Promise<ServerEventMap[E]> {
    const frame = await this.take(timeoutMs);
    if (frame.event !== event) {
      throw new Error(`expected "${event}" but got ${JSON.stringify(frame)}`);
    }
    return frame.data as ServerEventMap[E];
  }

  /** Resolves true if no frame arrives within the window. */
  async staysQuiet(windowMs = 300): Promise<boolean> {
    try {
      const frame = await this.take(windowMs);
      throw new Error(`expected silence but got ${JSON.stringify(frame)}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('timed out')) return true;
      throw error;
    }
  }

  /** Frames received and not taken yet. */
  get queued(): number {
    return this.inbox.length;
  }

  /** Takes every frame received so far. */
  takeAll(): Received[] {
    return this.inbox.splice(0);
  }

  /** The close code and reason; fails if the socket is still open after `timeoutMs`. */
  async closedWithin(timeoutMs: number): Promise<{ code: number; reason: string }> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the socket was still open after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.closed, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.socket.close();
  }

  async closeAndWait(): Promise<void> {
    // A client that stopped reading must read again to see the server's answer to its close.
    this.socket.resume();
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.close();
    await this.closed;
  }

  private async take(timeoutMs: number): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    while (this.inbox.length === 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for a frame`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.inbox.shift() as Received;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** A connect function for one suite: every socket it opens is closed (and awaited) after each test. */
export function useWsClients(url: () => string): Connect {
  const track = closeAfterEach();
  return async (token, options) => track(await WsClient.connect(url(), token, options));
}

/** Keeps the clients a test hands it, and closes (and awaits) them after each test. */
export function closeAfterEach(): (client: WsClient) => WsClient {
  const open: WsClient[] = [];
  afterEach(() => Promise.all(open.splice(0).map((client) => client.closeAndWait())));
  return (client) => {
    open.push(client);
    return client;
  };
}

export type Connect = (token?: string, options?: WebSocket.ClientOptions) => Promise<WsClient>;

/** Seats `first` then `second` in the room; resolves once the first has been told about the second. */
export async function seatTwo(connect: Connect, roomId: string, first: string, second: string) {
  const a = await connect(first);
  a.send('join', { roomId });
  const aJoin = await a.next('resp-join');
  const b = await connect(second);
  b.send('join', { roomId });
  const bJoin = await b.next('resp-join');
  await a.next('new-peer');
  return { a, b, aJoin, bJoin };
}
