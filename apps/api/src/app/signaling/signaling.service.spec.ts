import { parseClientMessage, ServerMessage } from '@webrtc-call/signaling-contracts';
import type { RawData } from 'ws';
import { AppConfig } from '../../config/app-config';
import type { Credentials } from '../invites/credentials';
import { MetricsService } from '../metrics/metrics.service';
import { LocalPresence } from '../presence/local-presence';
import { Seat } from '../presence/seat';
import { SeatEvent, SeatEvents } from '../presence/seat-events';
import type { QualityIntake } from '../calls/quality-intake.service';
import type { RoomBansService } from '../rooms/room-bans.service';
import type { RoomsService } from '../rooms/rooms.service';
import { TurnService } from '../turn/turn.service';
import { LocalDelivery } from './delivery';
import { SignalingSocket } from './signaling-socket';
import { SignalingService } from './signaling.service';
import { WaitingRoom } from './waiting-room';
import type { PeerTransport } from './transports';

class FakeTransport implements PeerTransport {
  isOpen = true;
  cutOff = false;
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
    // not needed here
  }
  last(): ServerMessage | undefined {
    return this.sent.at(-1);
  }
  find<E extends ServerMessage['event']>(event: E) {
    return this.sent.find((m) => m.event === event) as Extract<ServerMessage, { event: E }> | undefined;
  }
}

type Account = 'valid' | 'revoked' | 'disabled';
const ROOM = { id: '11111111-1111-4111-8111-111111111111', capacity: 2 };
const flush = () => new Promise((resolve) => setImmediate(resolve));
const config = (env: Record<string, string> = {}) =>
  AppConfig.fromEnvironment({ JWT_SECRET: 'x'.repeat(32), SIGNALING_RESUME_WINDOW_MS: '1000', ...env });

describe('SignalingService (room rules)', () => {
  let presence: LocalPresence;
  let service: SignalingService;
  let accounts: Record<string, Account>;
  let admit: jest.Mock;
  let barred: Set<string>;
  /** A user's bar check waits for this, holding its claimed seat short of the welcome. */
  let barChecks: Record<string, Promise<void>>;
  let seatEvents: SeatEvents;

  const build = (cfg = config()) => {
    presence = new LocalPresence();
    const tokens = { recheck: async (user: { id: string }) => accounts[user.id] ?? 'valid' } as unknown as Credentials;
    const rooms = { admit } as unknown as RoomsService;
    const bans = {
      isBarred: async (_room: string, userId: string) => {
        await barChecks[userId];
        return barred.has(userId);
      },
    } as RoomBansService;
    const metrics = new MetricsService();
    seatEvents = new SeatEvents();
    service = new SignalingService(
      cfg,
      rooms,
      bans,
      tokens,
      new WaitingRoom(cfg, rooms, presence),
      new TurnService(cfg),
      metrics,
      presence,
      new LocalDelivery(presence),
      seatEvents,
      { record: async () => null } as unknown as QualityIntake,
    );
    return { cfg, metrics };
  };
  let built: ReturnType<typeof build>;

  const connect = (name: string) => {
    const transport = new FakeTransport();
    const user = { id: `u-${name}`, username: name, displayName: name, role: 'user' as const };
    const limits = { ratePerSecond: 1000, rateBurst: 1000, maxViolations: 10 };
    const socket = new SignalingSocket(
      user,
      transport,
      (data: RawData) => parseClientMessage(data.toString()),
      service,
      built.metrics,
      limits,
    );
    return { socket, transport };
  };
  const send = (socket: SignalingSocket, event: string, data: unknown) =>
    socket.receive(Buffer.from(JSON.stringify({ event, data })), false);
  const join = async (socket: SignalingSocket, extra: object = {}) => {
    send(socket, 'join', { roomId: ROOM.id, ...extra });
    await flush();
  };

  beforeEach(() => {
    jest.useRealTimers();
    accounts = {};
    barred = new Set();
    barChecks = {};
    admit = jest.fn(async (id: string) =>
      id === ROOM.id ? { ok: true, room: ROOM } : { ok: false, code: 'room-not-found' },
    );
    built = build();
  });
  afterEach(() => presence.onModuleDestroy());

  it('tells the room a seat is gone when it is given up short of its welcome, since a peer seated meanwhile was shown it', async () => {
    let passBarCheck = () => undefined as void;
    barChecks['u-g'] = new Promise((resolve) => (passBarCheck = resolve));
    const g = connect('g');
    const b = connect('b');
    await join(g.socket); // claimed, still checking the bar
    await join(b.socket);
    const listed = b.transport.find('resp-join')?.data.peers.find((peer) => peer.displayName === 'g');
    expect(listed).toBeDefined();

    g.transport.isOpen = false; // g goes away before its welcome
    passBarCheck();
    await flush();

    expect(g.transport.sent).toEqual([]);
    expect(b.transport.sent).toContainEqual({ event: 'peer-leave', data: { peerId: listed?.peerId } });
    expect(await presence.roster(ROOM.id)).toHaveLength(1);
  });

  it('tells the newcomer who is there, with the server’s resume window and keepalive, and the others about it', async () => {
    const a = connect('a');
    const b = connect('b');
    await join(a.socket);
    await join(b.socket);
    expect(b.transport.sent[0]).toMatchObject({
      event: 'resp-join',
      data: {
        roomId: ROOM.id,
        capacity: 2,
        resumed: false,
        resumeWindowMs: 1000,
        keepaliveIntervalMs: 5000,
        peers: [{ peerId: a.socket.seat?.id, audio: true, video: true }],
      },
    });
    expect(a.transport.last()).toMatchObject({ event: 'new-peer', data: { peer: { peerId: b.socket.seat?.id } } });
  });

  it('tells call records of each new seat and of each release, not of a held seat nor of its resume', async () => {
    const events: SeatEvent[] = [];
    seatEvents.events$.subscribe((event) => events.push(event));
    const a = connect('a');
    const b = connect('b');
    await join(a.socket);
    await join(b.socket);
    const [aId, bId, token] = [a.socket.seat?.id, b.socket.seat?.id, a.socket.seat?.resumeToken];
    service.socketLost(a.socket);
    const again = connect('a');
    await join(again.socket, { resumeToken: token });
    expect(again.socket.seat?.id).toBe(aId);
    send(b.socket, 'leave', {});
    expect(events).toEqual([
      { kind: 'joined', roomId: ROOM.id, peerId: aId, userId: 'u-a', displayName: 'a', guest: false },
      { kind: 'joined', roomId: ROOM.id, peerId: bId, userId: 'u-b', displayName: 'b', guest: false },
      { kind: 'released', roomId: ROOM.id, peerId: bId },
    ]);
  });

  it('answers stats from a socket without a seat with not-in-room, and hands a seated one to the intake', async () => {
    const a = connect('a');
    send(a.socket, 'stats', { peerId: 'p', final: false, outcome: 'connecting' });
    await flush();
    expect(a.transport.last()).toMatchObject({ event: 'error', data: { code: 'not-in-room' } });
    await join(a.socket);
    const before = a.transport.sent.length;
    send(a.socket, 'stats', { peerId: 'p', final: false, outcome: 'connecting' });
    await flush();
    expect(a.transport.sent.length).toBe(before);
  });

  it('stamps the sender as from and refuses peers of other rooms', async () => {
    const a = connect('a');
    const b = connect('b');
    await join(a.socket);
    await join(b.socket);
    send(a.socket, 'offer', { to: b.socket.seat?.id, from: 'forged', sdp: { type: 'offer', sdp: 'v=0' } });
    expect(b.transport.last()).toEqual({
      event: 'offer',
      data: { from: a.socket.seat?.id, sdp: { type: 'offer', sdp: 'v=0' } },
    });
    send(a.socket, 'candidate', { to: 'elsewhere', candidate: { candidate: 'c', sdpMid: '0' } });
    expect(a.transport.last()).toMatchObject({ event: 'error', data: { code: 'peer-not-found' } });
  });

  it('enforces capacity at join', async () => {
    const peers = [connect('a'), connect('b'), connect('c')];
    for (const { socket } of peers) await join(socket);
    expect(peers[2].transport.sent).toEqual([
      { event: 'error', data: { code: 'room-full', message: 'the room is full (2 people)' } },
    ]);
  });

  it('holds the seat of a lost socket, queues frames for it and resumes with the same peer id', async () => {
    const a = connect('a');
    const b = connect('b');
    await join(a.socket);
    await join(b.socket);
    const bId = b.socket.seat?.id;
    const token = b.transport.find('resp-join')?.data.resumeToken;

    b.transport.isOpen = false;
    service.socketLost(b.socket);
    expect(a.transport.last()).toMatchObject({
      event: 'peer-updated',
      data: { peer: { peerId: bId, reconnecting: true } },
    });
    send(a.socket, 'candidate', { to: bId, candidate: { candidate: 'c1', sdpMid: '0', sdpMLineIndex: 0 } });

    const b2 = connect('b');
    await join(b2.socket, { resumeToken: token });
    expect(b2.transport.sent[0]).toMatchObject({ event: 'resp-join', data: { selfId: bId, resumed: true } });
    expect(b2.transport.sent[1]).toMatchObject({ event: 'candidate', data: { from: a.socket.seat?.id } });
    expect(a.transport.sent.some((m) => m.event === 'peer-leave')).toBe(false);
  });

  it('lets a new socket take over a seat whose old socket is still open; the old one loses it', async () => {
    const a = connect('a');
    await join(a.socket);
    const token = a.transport.find('resp-join')?.data.resumeToken;
    const a2 = connect('a');
    await join(a2.socket, { resumeToken: token });
    expect(a2.socket.seat).toBe(presence.members(ROOM.id)[0]);
    expect(a.socket.seat).toBeNull();
    send(a.socket, 'chat', { text: 'from the old socket' });
    expect(a.transport.last()).toMatchObject({ event: 'error', data: { code: 'not-in-room' } });
  });

  it('frees at once the seat of a socket its transport cut off for not reading', async () => {
    const a = connect('a');
    const b = connect('b');
    await join(a.socket);
    await join(b.socket);
    const bId = b.socket.seat?.id;
    b.transport.cutOff = true;
    b.transport.isOpen = false;
    service.socketLost(b.socket);
    expect(a.transport.last()).toEqual({ event: 'peer-leave', data: { peerId: bId } });
    expect(presence.participantCount(ROOM.id)).toBe(1);
  });

  it('turns a lost socket into a leave once the resume window has passed', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const a = connect('a');
    const b = connect('b');
    await join(a.socket);
    await join(b.socket);
    const bId = b.socket.seat?.id;
    service.socketLost(b.socket);
    jest.advanceTimersByTime(1001);
    expect(a.transport.last()).toEqual({ event: 'peer-leave', data: { peerId: bId } });
    expect(presence.participantCount(ROOM.id)).toBe(1);
  });

  it('does not resume with another user’s token', async () => {
    const a = connect('a');
    await join(a.socket);
    const token = a.transport.find('resp-join')?.data.resumeToken;
    service.socketLost(a.socket);
    const thief = connect('thief');
    await join(thief.socket, { resumeToken: token });
    expect(thief.transport.sent[0]).toMatchObject({ event: 'resp-join', data: { resumed: false } });
    expect(thief.socket.seat?.user.id).toBe('u-thief');
  });

  it('closes the socket of a revoked account at join (4401) and of a disabled one (4403), seating neither', async () => {
    const revoked = connect('r');
    accounts['u-r'] = 'revoked';
    await join(revoked.socket);
    expect(revoked.transport.closedWith).toBe(4401);
    const disabled = connect('d');
    accounts['u-d'] = 'disabled';
    await join(disabled.socket);
    expect(disabled.transport.closedWith).toBe(4403);
    expect(presence.participantCount(ROOM.id)).toBe(0);
    expect(admit).not.toHaveBeenCalled();
  });

  it('re-checks the account on resume too', async () => {
    const a = connect('a');
    await join(a.socket);
    const token = a.transport.find('resp-join')?.data.resumeToken;
    service.socketLost(a.socket);
    accounts['u-a'] = 'revoked';
    const again = connect('a');
    await join(again.socket, { resumeToken: token });
    expect(again.transport.closedWith).toBe(4401);
    expect(again.transport.sent).toEqual([]);
  });

  it('refuses a seat to an account barred while its join was being admitted', async () => {
    admit.mockImplementationOnce(async () => {
      barred.add('u-a');
      return { ok: true, room: ROOM };
    });
    const a = connect('a');
    await join(a.socket);
    expect(a.transport.sent).toEqual([{ event: 'error', data: { code: 'barred', message: expect.any(String) } }]);
    expect(presence.participantCount(ROOM.id)).toBe(0);
    expect(a.socket.seat).toBeNull();
  });

  it('answers an internal failure during join with unavailable, not room-not-found', async () => {
    admit.mockRejectedValueOnce(new Error('database is down'));
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const a = connect('a');
    await join(a.socket);
    expect(a.transport.sent).toEqual([{ event: 'error', data: { code: 'unavailable', message: expect.any(String) } }]);
    expect(a.socket.joining).toBe(false);
  });

  it('frees the seat it had claimed when the join fails after the claim; the others only hear it is gone', async () => {
    const a = connect('a');
    await join(a.socket);
    jest.spyOn(presence, 'roster').mockRejectedValueOnce(new Error('presence is down'));
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const b = connect('b');
    await join(b.socket);
    expect(b.transport.sent).toEqual([{ event: 'error', data: { code: 'unavailable', message: expect.any(String) } }]);
    expect(presence.participantCount(ROOM.id)).toBe(1);
    expect(a.transport.sent.map((m) => m.event)).toEqual(['resp-join', 'peer-leave']);
  });

  it('expels every seat of an account from a room: each told kicked, the others told they left', async () => {
    const cfg = config();
    built = build(cfg);
    const big = { ...ROOM, capacity: 4 };
    admit.mockImplementation(async () => ({ ok: true, room: big }));
    const a = connect('a');
    const b1 = connect('b');
    const b2 = connect('b');
    for (const { socket } of [a, b1, b2]) await join(socket);
    expect(service.expel(ROOM.id, 'u-b', 'removed by the room owner')).toBe(2);
    expect(b1.transport.find('kicked')?.data).toEqual({ reason: 'removed by the room owner' });
    expect(b2.transport.find('kicked')).toBeDefined();
    expect(a.transport.sent.filter((m) => m.event === 'peer-leave')).toHaveLength(2);
    expect(b1.socket.seat).toBeNull();
    expect(b1.transport.isOpen).toBe(true);
  });

  it('disconnects a user: sockets closed with the code, joined and held seats freed at once', async () => {
    const a = connect('a');
    const b = connect('b');
    await join(a.socket);
    await join(b.socket);
    const bSeat = b.socket.seat;
    service.disconnectUser('u-b', [b.socket], 4401, 'session revoked');
    expect(b.transport.closedWith).toBe(4401);
    expect(a.transport.last()).toEqual({ event: 'peer-leave', data: { peerId: bSeat?.id } });
    expect(presence.participantCount(ROOM.id)).toBe(1);
    send(b.socket, 'chat', { text: 'still here?' });
    expect(b.transport.sent.some((m) => m.event === 'error')).toBe(false);
  });

  it('pushes fresh TURN credentials at 80% of their lifetime', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    built = build(
      config({
        TURN_SECRET: 'turn-secret-of-at-least-32-characters',
        TURN_URIS: 'turn:127.0.0.1:3478?transport=udp',
        TURN_TTL_SECONDS: '100',
      }),
    );
    const a = connect('a');
    await join(a.socket);
    const joined = a.transport.find('resp-join');
    expect(joined?.data.iceServers[0]).toMatchObject({ urls: ['turn:127.0.0.1:3478?transport=udp'] });
    jest.advanceTimersByTime(79_000);
    expect(a.transport.find('turn-credentials')).toBeUndefined();
    jest.setSystemTime(Date.now() + 80_000);
    jest.advanceTimersByTime(1_000);
    expect(a.transport.find('turn-credentials')?.data.iceServers[0].username).not.toBe(
      joined?.data.iceServers[0].username,
    );
  });

  it('keeps refreshing TURN credentials for a seat that moved here from another instance', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    built = build(
      config({
        TURN_SECRET: 'turn-secret-of-at-least-32-characters',
        TURN_URIS: 'turn:127.0.0.1:3478?transport=udp',
        TURN_TTL_SECONDS: '100',
      }),
    );
    // Presence hands over a seat built here for a seat another instance held: it has no timers yet.
    jest.spyOn(presence, 'resume').mockImplementationOnce(async (_token, user, roomId, socket) => {
      const limits = { resumeWindowMs: 1000, maxQueuedFrames: 256, maxQueuedBytes: 256 * 1024 };
      const moved = new Seat(user, roomId, ROOM.capacity, socket, limits, 'moved-peer-id');
      presence.place(moved);
      return moved;
    });
    const b = connect('b');
    await join(b.socket, { resumeToken: 'a-token-from-elsewhere' });
    expect(b.transport.find('resp-join')?.data).toMatchObject({ selfId: 'moved-peer-id', resumed: true });
    jest.setSystemTime(Date.now() + 80_000);
    jest.advanceTimersByTime(80_000);
    expect(b.transport.find('turn-credentials')).toBeDefined();
  });
});
