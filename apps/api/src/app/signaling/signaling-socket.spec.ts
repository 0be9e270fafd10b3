import { parseClientMessage, ServerMessage } from '@webrtc-call/signaling-contracts';
import type { RawData } from 'ws';
import { MetricsService } from '../metrics/metrics.service';
import { CLOSE_GRACE_MS, FrameParser, SignalingSocket, SocketLimits } from './signaling-socket';
import type { SignalingService } from './signaling.service';
import type { PeerTransport } from './transports';

class FakeTransport implements PeerTransport {
  isOpen = true;
  cutOff = false;
  readonly sent: ServerMessage[] = [];
  closedWith: number | null = null;
  terminated = false;
  send(message: ServerMessage): void {
    if (this.isOpen) this.sent.push(message);
  }
  close(code: number): void {
    this.closedWith = code;
    this.isOpen = false;
  }
  terminate(): void {
    this.terminated = true;
    this.isOpen = false;
  }
  ping(): void {
    // not needed here
  }
  events(): string[] {
    return this.sent.map((message) => message.event);
  }
}

const T0 = 1_000_000;
const keepalive = Buffer.from(JSON.stringify({ event: 'keepalive', data: {} }));
const offer = Buffer.from(JSON.stringify({ event: 'offer', data: { to: 'p2', sdp: { type: 'offer', sdp: 'v=0' } } }));
const rateLimited = { event: 'error', data: { code: 'rate-limited', message: expect.any(String) } };

describe('SignalingSocket (message budget)', () => {
  let transport: FakeTransport;
  let parse: jest.MockedFunction<FrameParser>;
  let relay: jest.Mock;

  const open = (limits: SocketLimits) => {
    transport = new FakeTransport();
    parse = jest.fn((data: RawData, _isBinary: boolean) => parseClientMessage(data.toString()));
    relay = jest.fn(() => null);
    const rules = { relay } as unknown as SignalingService;
    const user = { id: 'u1', username: 'ann', displayName: 'Ann', role: 'user' as const };
    return new SignalingSocket(user, transport, parse, rules, new MetricsService(), limits, T0);
  };
  /** `count` keepalives, one per millisecond from `fromMs`: far faster than the refill rate. */
  const flood = (socket: SignalingSocket, count: number, fromMs: number) => {
    for (let i = 0; i < count; i++) socket.receive(keepalive, false, fromMs + i);
  };

  afterEach(() => jest.useRealTimers());

  it('never parses a frame over budget', () => {
    const socket = open({ ratePerSecond: 1, rateBurst: 3, maxViolations: 10 });
    flood(socket, 8, T0);
    expect(parse).toHaveBeenCalledTimes(3);
    expect(transport.events()).toEqual(['keepalive', 'keepalive', 'keepalive', 'error']);
  });

  it('answers the first frame over budget with rate-limited, then stays silent, then closes with 1008 after maxViolations more', () => {
    const socket = open({ ratePerSecond: 1, rateBurst: 2, maxViolations: 3 });
    flood(socket, 3, T0);
    expect(transport.sent).toEqual([{ event: 'keepalive', data: {} }, { event: 'keepalive', data: {} }, rateLimited]);

    flood(socket, 2, T0 + 10);
    expect(transport.sent).toHaveLength(3);
    expect(transport.closedWith).toBeNull();

    socket.receive(keepalive, false, T0 + 20);
    expect(transport.closedWith).toBe(1008);
    expect(socket.closing).toBe(true);
    expect(transport.sent).toHaveLength(3);
  });

  it('starts the count over after a second without violations', () => {
    const socket = open({ ratePerSecond: 1, rateBurst: 2, maxViolations: 3 });
    flood(socket, 5, T0);
    expect(transport.events()).toEqual(['keepalive', 'keepalive', 'error']);

    // 1.5 s later one token has come back: one frame passes, the next is a violation of a fresh count.
    flood(socket, 4, T0 + 1500);
    expect(transport.events()).toEqual(['keepalive', 'keepalive', 'error', 'keepalive', 'error']);
    expect(transport.closedWith).toBeNull();
    socket.receive(keepalive, false, T0 + 1510);
    expect(transport.closedWith).toBe(1008);
  });

  it('acts on nothing a closing socket sends, even once its budget has refilled', () => {
    const socket = open({ ratePerSecond: 1000, rateBurst: 1000, maxViolations: 10 });
    socket.receive(offer, false, T0);
    expect(relay).toHaveBeenCalledTimes(1);

    socket.shutdown(4401, 'session revoked');
    expect(transport.closedWith).toBe(4401);
    transport.isOpen = true; // the close handshake has not finished: the transport would still write
    socket.receive(offer, false, T0 + 5000);
    socket.receive(keepalive, false, T0 + 5001);
    expect(parse).toHaveBeenCalledTimes(1);
    expect(relay).toHaveBeenCalledTimes(1);
    expect(transport.sent).toEqual([]);
    expect(socket.isOpen).toBe(false);
  });

  it('acts on nothing more once its transport cut it off for not reading', () => {
    const socket = open({ ratePerSecond: 1000, rateBurst: 1000, maxViolations: 10 });
    transport.cutOff = true;
    socket.receive(offer, false, T0);
    expect(socket.closing).toBe(true);
    expect(parse).not.toHaveBeenCalled();
    expect(relay).not.toHaveBeenCalled();
  });

  it('cuts off a socket that does not finish the close handshake within the grace period', () => {
    jest.useFakeTimers();
    const socket = open({ ratePerSecond: 1, rateBurst: 1, maxViolations: 1 });
    socket.shutdown(4403, 'account disabled');
    socket.shutdown(4401, 'session revoked');
    expect(transport.closedWith).toBe(4403);
    jest.advanceTimersByTime(CLOSE_GRACE_MS - 1);
    expect(transport.terminated).toBe(false);
    jest.advanceTimersByTime(1);
    expect(transport.terminated).toBe(true);
  });
});
