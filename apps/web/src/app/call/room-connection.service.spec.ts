import { TestBed } from '@angular/core/testing';
import { RESUME_WINDOW_MS } from '@webrtc-call/signaling-contracts';
import { FakeWebSocket } from '../../testing/fake-web-socket';
import { reconnectDelay } from './reconnect-delay';
import { RoomConnectionEvent, RoomConnectionService } from './room-connection.service';
import { SignalingService, WEB_SOCKET_FACTORY } from './signaling.service';

const respJoin = (resumeToken: string, resumed = false) => ({
  event: 'resp-join',
  data: {
    roomId: 'r1',
    selfId: 'me',
    peers: [],
    capacity: 4,
    iceServers: [],
    resumeToken,
    resumed,
    resumeWindowMs: RESUME_WINDOW_MS,
    keepaliveIntervalMs: 5000,
  },
});

describe('reconnectDelay', () => {
  it('backs off exponentially from 0.5 s and caps at 8 s', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map(reconnectDelay)).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });
});

describe('RoomConnectionService', () => {
  let connection: RoomConnectionService;
  let events: RoomConnectionEvent[];
  const socket = () => FakeWebSocket.latest();

  beforeEach(() => {
    jest.useFakeTimers();
    FakeWebSocket.reset();
    TestBed.configureTestingModule({
      providers: [
        RoomConnectionService,
        SignalingService,
        { provide: WEB_SOCKET_FACTORY, useValue: FakeWebSocket.factory },
      ],
    });
    connection = TestBed.inject(RoomConnectionService);
    events = [];
    connection.events$.subscribe((event) => events.push(event));
  });

  afterEach(() => jest.useRealTimers());

  /** Opens, joins and gets resp-join with resume token rt-1. */
  function joined(): void {
    connection.open('tok', { roomId: 'r1', password: 'pw' });
    socket().serverOpen();
    socket().serverSend(respJoin('rt-1'));
  }

  it('sends the join with the password once the socket opens', () => {
    connection.open('tok', { roomId: 'r1', password: 'pw' });
    socket().serverOpen();
    expect(socket().sent).toEqual([{ event: 'join', data: { roomId: 'r1', password: 'pw' } }]);
  });

  it('after losing a joined socket retries on the backoff schedule and resumes with the token', () => {
    joined();
    const first = socket();
    first.serverClose(1006);
    expect(events).toEqual([{ type: 'reconnecting', attempt: 0, delayMs: 500 }]);

    jest.advanceTimersByTime(499);
    expect(FakeWebSocket.instances).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(FakeWebSocket.instances).toHaveLength(2);

    // The server is still unreachable: the next tries wait 1 s, then 2 s.
    socket().serverClose(1006);
    jest.advanceTimersByTime(999);
    expect(FakeWebSocket.instances).toHaveLength(2);
    jest.advanceTimersByTime(1);
    expect(FakeWebSocket.instances).toHaveLength(3);
    socket().serverClose(1006);
    jest.advanceTimersByTime(2000);
    expect(FakeWebSocket.instances).toHaveLength(4);
    expect(events.map((e) => (e.type === 'reconnecting' ? e.delayMs : e.type))).toEqual([500, 1000, 2000]);

    socket().serverOpen();
    expect(socket().sent).toEqual([{ event: 'join', data: { roomId: 'r1', password: 'pw', resumeToken: 'rt-1' } }]);
  });

  it('starts the backoff over after a successful resume and keeps the newest token', () => {
    joined();
    socket().serverClose(1006);
    jest.advanceTimersByTime(500);
    socket().serverOpen();
    socket().serverSend(respJoin('rt-2', true));

    socket().serverClose(1006);
    expect(events.at(-1)).toEqual({ type: 'reconnecting', attempt: 0, delayMs: 500 });
    jest.advanceTimersByTime(500);
    socket().serverOpen();
    expect(socket().sent[0]).toEqual({ event: 'join', data: { roomId: 'r1', password: 'pw', resumeToken: 'rt-2' } });
  });

  it('joins without the token once the resume window has passed', () => {
    joined();
    socket().serverClose(1006);
    for (let waited = 0; waited <= RESUME_WINDOW_MS;) {
      const delay = (events.at(-1) as { delayMs: number }).delayMs;
      jest.advanceTimersByTime(delay);
      waited += delay;
      if (waited <= RESUME_WINDOW_MS) socket().serverClose(1006);
    }
    socket().serverOpen();
    expect(socket().sent[0]).toEqual({ event: 'join', data: { roomId: 'r1', password: 'pw' } });
  });

  it.each([
    [4401, 'session-expired'],
    [4403, 'account-disabled'],
    [4429, 'too-many-sockets'],
  ])('does not reconnect after close code %s', (code, reason) => {
    joined();
    socket().serverClose(code);
    jest.advanceTimersByTime(60000);

    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(events).toEqual([{ type: 'ended', error: { reason } }]);
  });

  it('reports an unreachable server when the very first socket never opens', () => {
    connection.open('tok', { roomId: 'r1' });
    socket().serverClose(1006);
    expect(events).toEqual([{ type: 'ended', error: { reason: 'server-unreachable' } }]);
  });

  it('a close the app asked for is not a loss: no reconnect', () => {
    joined();
    connection.close();
    jest.advanceTimersByTime(60000);
    expect(events).toEqual([]);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });
});
