import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { FakeWebSocket } from '../../testing/fake-web-socket';
import { HANDLES_OWN_401 } from '../core/handles-own-401';
import { RECONNECT_RANDOM } from './reconnect-policy';
import { RoomConnectionEvent, RoomConnectionService } from './room-connection.service';
import { SignalingService, WEB_SOCKET_FACTORY } from './signaling.service';

const TICKET = { method: 'POST', url: '/api/signaling/ticket' };

const respJoin = (resumeToken: string, extra: Record<string, unknown> = {}) => ({
  event: 'resp-join',
  data: {
    roomId: 'r1',
    selfId: 'me',
    peers: [],
    capacity: 4,
    iceServers: [],
    resumeToken,
    resumed: false,
    resumeWindowMs: 30000,
    keepaliveIntervalMs: 5000,
    ...extra,
  },
});

describe('RoomConnectionService', () => {
  let connection: RoomConnectionService;
  let http: HttpTestingController;
  let events: RoomConnectionEvent[];
  /** What the injected random() returns next; 1 once they run out, i.e. the full backoff ceiling. */
  let randoms: number[];
  let issued: number;
  const socket = () => FakeWebSocket.latest();
  const delays = () => events.map((e) => (e.type === 'reconnecting' ? e.delayMs : e.type));

  beforeEach(() => {
    jest.useFakeTimers();
    FakeWebSocket.reset();
    randoms = [];
    issued = 0;
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        RoomConnectionService,
        SignalingService,
        { provide: WEB_SOCKET_FACTORY, useValue: FakeWebSocket.factory },
        { provide: RECONNECT_RANDOM, useValue: () => randoms.shift() ?? 1 },
      ],
    });
    connection = TestBed.inject(RoomConnectionService);
    http = TestBed.inject(HttpTestingController);
    events = [];
    connection.events$.subscribe((event) => events.push(event));
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  /** Answers the pending ticket request with a fresh ticket. */
  function issueTicket(): TestRequest {
    const request = http.expectOne(TICKET);
    request.flush({ ticket: `ticket-${++issued}`, expiresInSeconds: 30 });
    return request;
  }

  /** Opens, gets a ticket, joins and gets resp-join with resume token rt-1. */
  function joined(extra: Record<string, unknown> = {}): void {
    connection.open({ roomId: 'r1', password: 'pw' });
    issueTicket();
    socket().serverOpen();
    socket().serverSend(respJoin('rt-1', extra));
  }

  /** Lets the scheduled reconnect fire and hands it a ticket; the new socket is still connecting. */
  function reconnectAfter(ms: number): void {
    jest.advanceTimersByTime(ms);
    issueTicket();
  }

  it('gets a ticket first, opens the socket with it instead of the token, then joins', () => {
    connection.open({ roomId: 'r1', password: 'pw' });
    expect(FakeWebSocket.instances).toHaveLength(0);

    const request = issueTicket();
    expect(request.request.context.get(HANDLES_OWN_401)).toBe(true);
    expect(socket().url).toBe('ws://localhost/ws?ticket=ticket-1');
    socket().serverOpen();
    expect(socket().sent).toEqual([{ event: 'join', data: { roomId: 'r1', password: 'pw' } }]);
  });

  it('warmUp() opens the socket ahead; the join then goes out on it without another ticket', () => {
    connection.warmUp();
    issueTicket();
    socket().serverOpen();
    expect(socket().sentEvents()).toEqual([]);

    connection.open({ roomId: 'r1' });
    http.expectNone(TICKET);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(socket().sent.at(-1)).toEqual({ event: 'join', data: { roomId: 'r1' } });
  });

  it('a join asked for while the warm-up ticket is on its way goes out on that socket', () => {
    connection.warmUp();
    connection.open({ roomId: 'r1' });
    issueTicket();
    http.expectNone(TICKET);
    socket().serverOpen();
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(socket().sentEvents()).toEqual(['join']);
  });

  it('a warm socket the server closed before the join is replaced by a fresh one', () => {
    connection.warmUp();
    issueTicket();
    socket().serverOpen();
    socket().serverClose(1012);
    expect(events).toEqual([]);

    connection.open({ roomId: 'r1' });
    issueTicket();
    socket().serverOpen();
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(socket().sentEvents()).toEqual(['join']);
  });

  it('gets a fresh ticket for every reconnect', () => {
    joined();
    socket().serverClose(1006);
    jest.advanceTimersByTime(500);
    expect(FakeWebSocket.instances).toHaveLength(1);
    issueTicket();
    socket().serverClose(1006);
    reconnectAfter(1000);

    expect(FakeWebSocket.instances.map((s) => s.url)).toEqual([
      'ws://localhost/ws?ticket=ticket-1',
      'ws://localhost/ws?ticket=ticket-2',
      'ws://localhost/ws?ticket=ticket-3',
    ]);
    expect(FakeWebSocket.instances.some((s) => s.url.includes('token='))).toBe(false);
  });

  it('after losing a joined socket backs off with full jitter and resumes with the token', () => {
    randoms = [0.5, 0.25, 0.1];
    joined();
    socket().serverClose(1006);
    expect(events).toEqual([{ type: 'reconnecting', delayMs: 250 }]);

    jest.advanceTimersByTime(249);
    http.expectNone(TICKET);
    reconnectAfter(1);
    socket().serverClose(1006);
    jest.advanceTimersByTime(249);
    http.expectNone(TICKET);
    reconnectAfter(1);
    socket().serverClose(1006);
    reconnectAfter(200);
    expect(delays()).toEqual([250, 250, 200]);

    socket().serverOpen();
    expect(socket().sent).toEqual([{ event: 'join', data: { roomId: 'r1', password: 'pw', resumeToken: 'rt-1' } }]);
  });

  it('starts the backoff over after a successful resume and keeps the newest token', () => {
    joined();
    socket().serverClose(1006);
    reconnectAfter(500);
    socket().serverOpen();
    socket().serverSend(respJoin('rt-2', { resumed: true }));

    socket().serverClose(1006);
    expect(events.at(-1)).toEqual({ type: 'reconnecting', delayMs: 500 });
    reconnectAfter(500);
    socket().serverOpen();
    expect(socket().sent[0]).toEqual({ event: 'join', data: { roomId: 'r1', password: 'pw', resumeToken: 'rt-2' } });
  });

  it.each([1012, 1001])(
    'after close code %s (server restarting) comes back within a jittered 2 s and resumes',
    (code) => {
      joined();
      // Four failures in, plain backoff would wait up to 8 s.
      for (const _ of [1, 2, 3, 4]) {
        socket().serverClose(1006);
        reconnectAfter(delays().at(-1) as number);
      }
      randoms = [0.25];
      socket().serverClose(code);
      expect(events.at(-1)).toEqual({ type: 'reconnecting', delayMs: 500 });

      jest.advanceTimersByTime(499);
      http.expectNone(TICKET);
      reconnectAfter(1);
      socket().serverOpen();
      expect(socket().sent[0]).toEqual({ event: 'join', data: { roomId: 'r1', password: 'pw', resumeToken: 'rt-1' } });
    },
  );

  it('honours the resume window the server gave in resp-join', () => {
    randoms = [1, 1, 0.5];
    joined({ resumeWindowMs: 2000 });
    socket().serverClose(1006);
    reconnectAfter(500);
    socket().serverClose(1006);
    reconnectAfter(1000);
    socket().serverOpen();
    // 1.5 s after the loss: the seat is still held.
    expect(socket().sent[0]).toEqual({ event: 'join', data: { roomId: 'r1', password: 'pw', resumeToken: 'rt-1' } });

    socket().serverClose(1006);
    reconnectAfter(1000);
    socket().serverOpen();
    // 2.5 s after the loss: past the window, so a plain join.
    expect(socket().sent[0]).toEqual({ event: 'join', data: { roomId: 'r1', password: 'pw' } });
  });

  it('sends keepalives at the server’s interval from resp-join, on later sockets too', () => {
    connection.open({ roomId: 'r1' });
    issueTicket();
    socket().serverOpen();
    jest.advanceTimersByTime(5000);
    expect(socket().sentEvents()).toEqual(['join', 'keepalive']);

    socket().serverSend(respJoin('rt-1', { keepaliveIntervalMs: 2000 }));
    jest.advanceTimersByTime(4000);
    expect(socket().sentEvents()).toEqual(['join', 'keepalive', 'keepalive', 'keepalive']);

    socket().serverClose(1006);
    reconnectAfter(500);
    socket().serverOpen();
    jest.advanceTimersByTime(2000);
    expect(socket().sentEvents()).toEqual(['join', 'keepalive']);
  });

  it('ends with session-expired when the ticket request is answered 401', () => {
    connection.open({ roomId: 'r1' });
    http.expectOne(TICKET).flush({ code: 'unauthorized' }, { status: 401, statusText: 'Unauthorized' });
    expect(events).toEqual([{ type: 'ended', error: { reason: 'session-expired' } }]);
    expect(FakeWebSocket.instances).toHaveLength(0);
  });

  it('reports an unreachable server when the first ticket cannot be had', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    connection.open({ roomId: 'r1' });
    http.expectOne(TICKET).flush('down', { status: 503, statusText: 'Service Unavailable' });
    expect(events).toEqual([{ type: 'ended', error: { reason: 'server-unreachable' } }]);
    warn.mockRestore();
  });

  it('after the join counts a failed ticket request as a failed attempt and keeps backing off', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    joined();
    socket().serverClose(1006);
    jest.advanceTimersByTime(500);
    http.expectOne(TICKET).error(new ProgressEvent('error'));
    jest.advanceTimersByTime(1000);
    http.expectOne(TICKET).flush('oops', { status: 502, statusText: 'Bad Gateway' });
    reconnectAfter(2000);

    expect(delays()).toEqual([500, 1000, 2000]);
    socket().serverOpen();
    expect(socket().sent[0]).toEqual({ event: 'join', data: { roomId: 'r1', password: 'pw', resumeToken: 'rt-1' } });
    warn.mockRestore();
  });

  it('after 4401 tries one fresh ticket at once and resumes with it', () => {
    joined();
    socket().serverClose(4401);
    reconnectAfter(0);
    socket().serverOpen();
    expect(socket().sent[0]).toEqual({ event: 'join', data: { roomId: 'r1', password: 'pw', resumeToken: 'rt-1' } });
    socket().serverSend(respJoin('rt-2', { resumed: true }));

    // A later revocation earns its own fresh ticket.
    socket().serverClose(4401);
    reconnectAfter(0);
    expect(FakeWebSocket.instances).toHaveLength(3);
    expect(events.filter((e) => e.type === 'ended')).toEqual([]);
  });

  it('after 4401 ends the session when the fresh ticket is refused, or the new socket is closed 4401 too', () => {
    joined();
    socket().serverClose(4401);
    jest.advanceTimersByTime(0);
    http.expectOne(TICKET).flush({ code: 'unauthorized' }, { status: 401, statusText: 'Unauthorized' });
    expect(events.at(-1)).toEqual({ type: 'ended', error: { reason: 'session-expired' } });

    events = [];
    joined();
    socket().serverClose(4401);
    reconnectAfter(0);
    socket().serverOpen();
    socket().serverClose(4401);
    jest.advanceTimersByTime(60000);
    expect(events.at(-1)).toEqual({ type: 'ended', error: { reason: 'session-expired' } });
  });

  it.each([
    [4403, 'account-disabled'],
    [4429, 'too-many-sockets'],
    [1008, 'policy-violation'],
  ])('does not reconnect after close code %s', (code, reason) => {
    joined();
    socket().serverClose(code);
    jest.advanceTimersByTime(60000);

    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(events).toEqual([{ type: 'ended', error: { reason } }]);
  });

  it('reports an unreachable server when the very first socket never opens', () => {
    connection.open({ roomId: 'r1' });
    issueTicket();
    socket().serverClose(1006);
    expect(events).toEqual([{ type: 'ended', error: { reason: 'server-unreachable' } }]);
  });

  it('gives up once the server has been gone for two minutes', () => {
    joined();
    const lostAt = Date.now();
    socket().serverClose(1006);
    while (events.at(-1)?.type === 'reconnecting') {
      reconnectAfter(delays().at(-1) as number);
      socket().serverClose(1006);
    }
    expect(events.at(-1)).toEqual({ type: 'ended', error: { reason: 'server-lost' } });
    expect(Date.now() - lostAt).toBeGreaterThan(120_000);
    expect(Date.now() - lostAt).toBeLessThan(130_000);
  });

  it('a close the app asked for is not a loss: no reconnect, and a pending ticket is dropped', () => {
    joined();
    connection.close();
    jest.advanceTimersByTime(60000);
    expect(events).toEqual([]);
    expect(FakeWebSocket.instances).toHaveLength(1);

    connection.open({ roomId: 'r1' });
    connection.close();
    expect(http.expectOne(TICKET).cancelled).toBe(true);
  });
});
