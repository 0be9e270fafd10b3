/** A WebSocket whose server side the test drives. */
export class FakeWebSocket {
  static readonly instances: FakeWebSocket[] = [];

  readyState: number = WebSocket.CONNECTING;
  readonly sent: { event: string; data: unknown }[] = [];
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;

  readonly close = jest.fn((code?: number, reason?: string) => {
    void code;
    void reason;
    this.readyState = WebSocket.CLOSED;
  });

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  static reset(): void {
    FakeWebSocket.instances.length = 0;
  }

  static latest(): FakeWebSocket {
    const socket = FakeWebSocket.instances.at(-1);
    if (!socket) throw new Error('no socket was opened');
    return socket;
  }

  static factory = (url: string): WebSocket => new FakeWebSocket(url) as unknown as WebSocket;

  send(frame: string): void {
    if (this.readyState !== WebSocket.OPEN) throw new Error('send() on a socket that is not open');
    this.sent.push(JSON.parse(frame) as { event: string; data: unknown });
  }

  serverOpen(): void {
    this.readyState = WebSocket.OPEN;
    this.onopen?.(new Event('open'));
  }

  serverSend(message: unknown): void {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) } as MessageEvent);
  }

  serverClose(code: number, reason = ''): void {
    this.readyState = WebSocket.CLOSED;
    this.onclose?.({ code, reason, wasClean: true } as CloseEvent);
  }

  sentEvents(): string[] {
    return this.sent.map((frame) => frame.event);
  }
}
