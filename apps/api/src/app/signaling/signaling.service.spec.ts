import type { ServerMessage } from '@webrtc-call/signaling-contracts';
import { parseClientMessage } from '@webrtc-call/signaling-contracts';
import { AppConfig } from '../../config/app-config';
import type { PeerTransport } from '../presence/peer';
import { RoomRegistry } from '../presence/room-registry';
import type { RoomsService } from '../rooms/rooms.service';
import { TurnService } from '../turn/turn.service';
import type { Connection } from './connection';
import { MetricsService } from '../metrics/metrics.service';
import { PeerMailbox } from './peer-mailbox';
import { SeatReservations } from './seat-reservations';
import { SignalingService } from './signaling.service';

class FakeTransport implements PeerTransport {
  isOpen = true;
  readonly sent: ServerMessage[] = [];
  closedWith: number | null = null;
  send(message: ServerMessage): void {
    if (this.isOpen) this.sent.push(message);
  }
  close(code: number): void {
    this.closedWith = code;
    this.isOpen = false;
  }
  terminate(): void {
    this.isOpen = false;
  }
  ping(): void {
    // answered by the test through alive()
  }
  last(): ServerMessage | undefined {
    return this.sent.at(-1);
  }
}

const ROOM = { id: '11111111-1111-4111-8111-111111111111', capacity: 2 };
const metrics = () => new MetricsService(new RoomRegistry());
const mailbox = () => new PeerMailbox(metrics());
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('SignalingService', () => {
  let service: SignalingService;
  let registry: RoomRegistry;
  const build = (config: AppConfig, rooms: RoomsService) =>
    new SignalingService(
      config,
      rooms,
      registry,
      new TurnService(config),
      mailbox(),
      metrics(),
      new SeatReservations(config),
    );

  const connect = (name: string) => {
    const transport = new FakeTransport();
    const user = { id: `u-${name}`, username: name, displayName: name, role: 'user' as const };
    const conn = service.open(user, transport) as Connection;
    return { conn, transport };
  };
  const send = (conn: Connection, event: string, data: unknown) =>
    service.frame(conn, parseClientMessage(JSON.stringify({ event, data })));
  const join = async (conn: Connection, extra: object = {}) => {
    send(conn, 'join', { roomId: ROOM.id, ...extra });
    await flush();
  };

  beforeEach(() => {
    jest.useRealTimers();
    const config = AppConfig.fromEnvironment({ JWT_SECRET: 'x'.repeat(32), SIGNALING_RESUME_WINDOW_MS: '1000' });
    registry = new RoomRegistry();
    const rooms = {
      admit: async (id: string) => (id === ROOM.id ? { ok: true, room: ROOM } : { ok: false, code: 'room-not-found' }),
    } as unknown as RoomsService;
    service = build(config, rooms);
  });

  it('tells the newcomer who is there and the others about the newcomer', async () => {
    const a = connect('a');
    const b = connect('b');
    await join(a.conn);
    await join(b.conn);
    const joined = b.transport.sent[0];
    expect(joined).toMatchObject({
      event: 'resp-join',
      data: {
        roomId: ROOM.id,
        capacity: 2,
        resumed: false,
        peers: [{ peerId: a.conn.peer?.id, audio: true, video: true }],
      },
    });
    expect(a.transport.last()).toMatchObject({ event: 'new-peer', data: { peer: { peerId: b.conn.peer?.id } } });
  });

  it('stamps the sender as from', async () => {
    const a = connect('a');
    const b = connect('b');
    await join(a.conn);
    await join(b.conn);
    send(a.conn, 'offer', { to: b.conn.peer?.id, from: 'forged', sdp: { type: 'offer', sdp: 'v=0' } });
    expect(b.transport.last()).toEqual({
      event: 'offer',
      data: { from: a.conn.peer?.id, sdp: { type: 'offer', sdp: 'v=0' } },
    });
  });

  it('enforces capacity at join', async () => {
    const peers = [connect('a'), connect('b'), connect('c')];
    for (const { conn } of peers) await join(conn);
    expect(peers[2].transport.sent).toEqual([
      { event: 'error', data: { code: 'room-full', message: 'the room is full (2 people)' } },
    ]);
  });

  it('holds the seat of a lost socket, queues frames for it and resumes with the same peer id', async () => {
    const a = connect('a');
    const b = connect('b');
    await join(a.conn);
    await join(b.conn);
    const bId = b.conn.peer?.id;
    const token = (b.transport.sent[0] as Extract<ServerMessage, { event: 'resp-join' }>).data.resumeToken;

    b.transport.isOpen = false;
    service.closed(b.conn);
    expect(a.transport.last()).toMatchObject({
      event: 'peer-updated',
      data: { peer: { peerId: bId, reconnecting: true } },
    });
    send(a.conn, 'candidate', { to: bId, candidate: { candidate: 'c1', sdpMid: '0', sdpMLineIndex: 0 } });

    const b2 = connect('b');
    await join(b2.conn, { resumeToken: token });
    expect(b2.transport.sent[0]).toMatchObject({ event: 'resp-join', data: { selfId: bId, resumed: true } });
    expect(b2.transport.sent[1]).toMatchObject({ event: 'candidate', data: { from: a.conn.peer?.id } });
    expect(a.transport.last()).toMatchObject({ event: 'peer-updated', data: { peer: { peerId: bId } } });
    expect(a.transport.sent.some((m) => m.event === 'peer-leave')).toBe(false);
  });

  it('turns a lost socket into a leave once the resume window has passed', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const a = connect('a');
    const b = connect('b');
    await join(a.conn);
    await join(b.conn);
    const bId = b.conn.peer?.id;
    service.closed(b.conn);
    jest.advanceTimersByTime(1001);
    expect(a.transport.last()).toEqual({ event: 'peer-leave', data: { peerId: bId } });
    expect(registry.participantCount(ROOM.id)).toBe(1);
  });

  it('does not resume with another user’s token or for another room', async () => {
    const a = connect('a');
    await join(a.conn);
    const token = (a.transport.sent[0] as Extract<ServerMessage, { event: 'resp-join' }>).data.resumeToken;
    service.closed(a.conn);
    const thief = connect('thief');
    await join(thief.conn, { resumeToken: token });
    expect(thief.transport.sent[0]).toMatchObject({ event: 'resp-join', data: { resumed: false } });
    expect(thief.conn.peer?.id).not.toBe(undefined);
  });

  it('answers with rate-limited once the burst is spent', () => {
    const config = AppConfig.fromEnvironment({
      JWT_SECRET: 'x'.repeat(32),
      SIGNALING_RATE_BURST: '3',
      SIGNALING_RATE_PER_SECOND: '1',
    });
    service = build(config, {} as RoomsService);
    const a = connect('a');
    for (let i = 0; i < 4; i++) send(a.conn, 'keepalive', {});
    expect(a.transport.sent.map((m) => m.event)).toEqual(['keepalive', 'keepalive', 'keepalive', 'error']);
    expect(a.transport.last()).toMatchObject({ data: { code: 'rate-limited' } });
  });

  it('asks for admission as the joining user and tells a rate-limited one how long to wait', async () => {
    const config = AppConfig.fromEnvironment({ JWT_SECRET: 'x'.repeat(32) });
    const admit = jest.fn(async () => ({ ok: false, code: 'rate-limited', retryAfterSeconds: 42 }));
    service = build(config, { admit } as unknown as RoomsService);
    const a = connect('a');
    await join(a.conn, { password: 'guess' });
    expect(admit).toHaveBeenCalledWith(ROOM.id, 'guess', 'u-a');
    expect(a.transport.sent).toEqual([
      {
        event: 'error',
        data: {
          code: 'rate-limited',
          message: 'too many wrong room passwords: try again in 42 s',
          retryAfterSeconds: 42,
        },
      },
    ]);
    expect(a.conn.peer).toBeNull();
  });

  it('closes the sockets of a user beyond the per-user limit with 4429', () => {
    const config = AppConfig.fromEnvironment({ JWT_SECRET: 'x'.repeat(32), SIGNALING_MAX_SOCKETS_PER_USER: '2' });
    service = build(config, {} as RoomsService);
    connect('a');
    connect('a');
    const third = connect('a');
    expect(third.conn).toBeNull();
    expect(third.transport.closedWith).toBe(4429);
  });

  it('closes silent sockets on sweep and keeps live ones', async () => {
    const a = connect('a');
    const b = connect('b');
    await join(a.conn);
    await join(b.conn);
    const now = Date.now();
    a.conn.lastSeenMs = now - 20_000;
    service.sweep(now);
    expect(a.transport.isOpen).toBe(false);
    expect(b.transport.isOpen).toBe(true);
    service.closed(a.conn);
    expect(b.transport.last()).toEqual({ event: 'peer-leave', data: { peerId: expect.any(String) } });
  });

  it('pushes fresh TURN credentials at 80% of their lifetime', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const config = AppConfig.fromEnvironment({
      JWT_SECRET: 'x'.repeat(32),
      TURN_SECRET: 'turn-secret',
      TURN_URIS: 'turn:127.0.0.1:3478?transport=udp',
      TURN_TTL_SECONDS: '100',
    });
    const rooms = { admit: async () => ({ ok: true, room: ROOM }) } as unknown as RoomsService;
    service = build(config, rooms);
    const a = connect('a');
    await join(a.conn);
    const joined = a.transport.sent[0] as Extract<ServerMessage, { event: 'resp-join' }>;
    expect(joined.data.iceServers[0]).toMatchObject({ urls: ['turn:127.0.0.1:3478?transport=udp'] });

    jest.advanceTimersByTime(79_000);
    expect(a.transport.sent.some((m) => m.event === 'turn-credentials')).toBe(false);
    jest.setSystemTime(Date.now() + 80_000);
    jest.advanceTimersByTime(1_000);
    const pushed = a.transport.last() as Extract<ServerMessage, { event: 'turn-credentials' }>;
    expect(pushed.event).toBe('turn-credentials');
    expect(pushed.data.iceServers[0].username).not.toBe(joined.data.iceServers[0].username);
    service.onModuleDestroy();
  });
});
