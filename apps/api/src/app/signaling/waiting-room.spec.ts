import type { AuthUser } from '../../common/auth-user';
import type { ServerMessage } from '@webrtc-call/signaling-contracts';
import { AppConfig } from '../../config/app-config';
import { LocalPresence } from '../presence/local-presence';
import { Seat } from '../presence/seat';
import type { RoomsService } from '../rooms/rooms.service';
import type { SignalingSocket } from './signaling-socket';
import { WaitingRoom } from './waiting-room';

const ROOM = { id: 'r1', ownerId: 'owner', moderatorIds: [] };
const user = (id: string): AuthUser => ({ id, username: id, displayName: id, role: 'user' });

class FakeSocket {
  readonly sent: ServerMessage[] = [];
  seat: Seat | null = null;
  constructor(readonly user: AuthUser) {}
  send(message: ServerMessage): void {
    this.sent.push(message);
  }
  refuse(): void {
    // Not reached in these cases.
  }
}

describe('WaitingRoom', () => {
  afterEach(() => jest.useRealTimers());

  const build = () => {
    const config = AppConfig.fromEnvironment({
      JWT_SECRET: 'x'.repeat(32),
      WAITING_ROOM_TIMEOUT_SECONDS: '5',
      WAITING_ROOM_MAX_PER_ROOM: '1',
    });
    const presence = new LocalPresence();
    const rooms = {
      isHost: (room: { ownerId: string }, u: { id: string }) => room.ownerId === u.id,
    } as unknown as RoomsService;
    const host = new FakeSocket(user('owner'));
    host.seat = new Seat(host.user, ROOM.id, 4, host, { resumeWindowMs: 0, maxQueuedFrames: 1, maxQueuedBytes: 1 });
    void presence.claim(host.seat);
    return { waiting: new WaitingRoom(config, rooms, presence), host };
  };

  it('turns a waiter away after the timeout, tells it why, and tells the host to forget the knock', () => {
    jest.useFakeTimers();
    const { waiting, host } = build();
    const guest = new FakeSocket(user('g'));
    const enter = jest.fn();
    expect(waiting.knock(guest as unknown as SignalingSocket, ROOM, enter)).toBeNull();
    const requestId = (guest.sent[0] as { data: { requestId: string } }).data.requestId;
    expect(host.sent).toEqual([{ event: 'knock', data: { requestId, displayName: 'g', guest: false } }]);
    jest.advanceTimersByTime(4999);
    expect(guest.sent).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(guest.sent[1]).toEqual({ event: 'denied', data: { roomId: 'r1', reason: 'timeout' } });
    expect(host.sent[1]).toEqual({ event: 'knock-withdrawn', data: { requestId } });
    expect(waiting.isWaiting(guest as unknown as SignalingSocket)).toBe(false);
    expect(enter).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('bounds the queue per room and frees the place when the waiter goes', () => {
    const { waiting } = build();
    const first = new FakeSocket(user('a')) as unknown as SignalingSocket;
    const second = new FakeSocket(user('b')) as unknown as SignalingSocket;
    expect(waiting.knock(first, ROOM, jest.fn())).toBeNull();
    expect(waiting.knock(second, ROOM, jest.fn())).toMatchObject({ code: 'waiting-room-full' });
    expect(waiting.withdraw(first)).toBe(true);
    expect(waiting.knock(second, ROOM, jest.fn())).toBeNull();
    waiting.onModuleDestroy();
  });
});
