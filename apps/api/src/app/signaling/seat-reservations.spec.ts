import type { ServerMessage } from '@webrtc-call/signaling-contracts';
import { AppConfig } from '../../config/app-config';
import type { PeerTransport } from '../presence/peer';
import { Connection } from './connection';
import { SeatReservations } from './seat-reservations';

const ROOM = { id: '11111111-1111-4111-8111-111111111111', capacity: 4 };

function transport(): PeerTransport {
  return {
    isOpen: true,
    send: (_message: ServerMessage) => undefined,
    close: () => undefined,
    terminate: () => undefined,
    ping: () => undefined,
  };
}

describe('SeatReservations', () => {
  let seats: SeatReservations;
  const socket = (userId: string) =>
    new Connection({ id: userId, username: userId, displayName: userId, role: 'user' }, transport(), {
      perSecond: 10,
      burst: 10,
    });

  beforeEach(() => {
    jest.useFakeTimers();
    seats = new SeatReservations(
      AppConfig.fromEnvironment({ JWT_SECRET: 'x'.repeat(32), SIGNALING_RESUME_WINDOW_MS: '1000' }),
    );
  });
  afterEach(() => jest.useRealTimers());

  it('seats a socket with a token that only its user can use, in that room', () => {
    const conn = socket('alice');
    const peer = seats.reserve(conn, ROOM);
    expect(conn.peer).toBe(peer);
    expect(peer).toMatchObject({ roomId: ROOM.id, roomCapacity: 4, transport: conn.transport, user: conn.user });
    expect(peer.resumeToken).toMatch(/^[\w-]{32}$/);
    expect(seats.reclaim(socket('mallory'), ROOM.id, peer.resumeToken, [conn])).toBeNull();
    expect(seats.reclaim(socket('alice'), 'another-room', peer.resumeToken, [conn])).toBeNull();
    expect(conn.peer).toBe(peer);
  });

  it('hands a held seat back within the window, with a new token, and keeps it', () => {
    const expire = jest.fn();
    const lost = socket('alice');
    const peer = seats.reserve(lost, ROOM);
    const firstToken = peer.resumeToken;
    seats.hold(peer, expire);
    expect(peer.transport).toBeNull();
    expect(seats.heldFor('alice')).toEqual([peer]);

    const back = socket('alice');
    expect(seats.reclaim(back, ROOM.id, firstToken, [back])).toBe(peer);
    expect(peer.transport).toBe(back.transport);
    expect(back.peer).toBe(peer);
    expect(peer.resumeToken).not.toBe(firstToken);
    expect(seats.heldFor('alice')).toEqual([]);
    jest.advanceTimersByTime(5000);
    expect(expire).not.toHaveBeenCalled();
    expect(seats.reclaim(socket('alice'), ROOM.id, firstToken, [])).toBeNull();
  });

  it('gives up a held seat when the window ends', () => {
    const expire = jest.fn();
    const peer = seats.reserve(socket('alice'), ROOM);
    seats.hold(peer, expire);
    jest.advanceTimersByTime(999);
    expect(expire).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(expire).toHaveBeenCalledTimes(1);
  });

  it('takes the seat from a socket that still holds it', () => {
    const old = socket('alice');
    const peer = seats.reserve(old, ROOM);
    const fresh = socket('alice');
    expect(seats.reclaim(fresh, ROOM.id, peer.resumeToken, [old, fresh])).toBe(peer);
    expect(old.peer).toBeNull();
    expect(fresh.peer).toBe(peer);
  });

  it('no longer resumes a released seat and stops its timer', () => {
    const expire = jest.fn();
    const peer = seats.reserve(socket('alice'), ROOM);
    seats.hold(peer, expire);
    seats.release(peer);
    jest.advanceTimersByTime(5000);
    expect(expire).not.toHaveBeenCalled();
    expect(seats.all()).toEqual([]);
    expect(seats.reclaim(socket('alice'), ROOM.id, peer.resumeToken, [])).toBeNull();
  });

  it('is off with a resume window of 0', () => {
    const config = AppConfig.fromEnvironment({ JWT_SECRET: 'x'.repeat(32), SIGNALING_RESUME_WINDOW_MS: '0' });
    expect(new SeatReservations(config).enabled).toBe(false);
    expect(seats.enabled).toBe(true);
  });
});
