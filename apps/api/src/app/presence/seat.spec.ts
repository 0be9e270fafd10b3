import type { ServerMessage } from '@webrtc-call/signaling-contracts';
import { Seat, SeatSocket } from './seat';

const user = { id: 'u1', username: 'ann', displayName: 'Ann', role: 'user' as const };
const limits = { resumeWindowMs: 1000, maxQueuedFrames: 3, maxQueuedBytes: 400 };
const chat = (text: string): ServerMessage => ({ event: 'chat', data: { from: 'p', text, at: 'now' } });

class Inbox implements SeatSocket {
  readonly sent: ServerMessage[] = [];
  send(message: ServerMessage): void {
    this.sent.push(message);
  }
}

describe('Seat', () => {
  afterEach(() => jest.useRealTimers());

  it('delivers straight to its socket while joined', () => {
    const inbox = new Inbox();
    const seat = new Seat(user, 'r1', 4, inbox, limits);
    seat.deliver(chat('hi'));
    expect(inbox.sent).toEqual([chat('hi')]);
  });

  it('queues while held, bounded by count, dropping the oldest, and flushes in order on resume', () => {
    const seat = new Seat(user, 'r1', 4, new Inbox(), limits);
    seat.hold(() => undefined);
    for (const text of ['1', '2', '3', '4']) seat.deliver(chat(text));
    const next = new Inbox();
    seat.resume(next);
    seat.flush();
    expect(next.sent.map((m) => (m.data as { text: string }).text)).toEqual(['2', '3', '4']);
  });

  it('bounds the queue by bytes too, and never queues a frame larger than the whole budget', () => {
    const seat = new Seat(user, 'r1', 4, new Inbox(), limits);
    seat.hold(() => undefined);
    seat.deliver(chat('x'.repeat(500)));
    seat.deliver(chat('a'.repeat(100)));
    seat.deliver(chat('b'.repeat(100)));
    seat.deliver(chat('c'.repeat(100)));
    const next = new Inbox();
    seat.resume(next);
    seat.flush();
    const texts = next.sent.map((m) => (m.data as { text: string }).text[0]);
    expect(texts).toEqual(['b', 'c']);
    expect(next.sent.reduce((sum, m) => sum + JSON.stringify(m).length, 0)).toBeLessThanOrEqual(400);
  });

  it('puts frames kept elsewhere before those queued here, within the same bounds', () => {
    const seat = new Seat(user, 'r1', 4, new Inbox(), limits);
    seat.hold(() => undefined);
    seat.deliver(chat('here'));
    seat.preload([chat('1'), chat('2'), chat('3')]);
    const next = new Inbox();
    seat.resume(next);
    seat.flush();
    expect(next.sent.map((m) => (m.data as { text: string }).text)).toEqual(['2', '3', 'here']);
  });

  it('tells until when it is held, and only while held', () => {
    const seat = new Seat(user, 'r1', 4, new Inbox(), limits);
    expect(seat.heldUntilMs).toBeNull();
    const before = Date.now();
    seat.hold(() => undefined);
    expect(seat.heldUntilMs).toBeGreaterThanOrEqual(before + limits.resumeWindowMs);
    seat.resume(new Inbox());
    expect(seat.heldUntilMs).toBeNull();
    seat.release();
  });

  it('expires when nobody resumes within the window, and not after a resume', () => {
    jest.useFakeTimers();
    const expired = jest.fn();
    const seat = new Seat(user, 'r1', 4, new Inbox(), limits);
    seat.hold(expired);
    expect(seat.info().reconnecting).toBe(true);
    jest.advanceTimersByTime(999);
    expect(expired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(2);
    expect(expired).toHaveBeenCalledTimes(1);

    const other = new Seat(user, 'r1', 4, new Inbox(), limits);
    const late = jest.fn();
    other.hold(late);
    other.resume(new Inbox());
    jest.advanceTimersByTime(5000);
    expect(late).not.toHaveBeenCalled();
    expect(other.info().reconnecting).toBeUndefined();
  });

  it('rotates its resume token on every resume', () => {
    const seat = new Seat(user, 'r1', 4, new Inbox(), limits);
    const first = seat.resumeToken;
    seat.resume(new Inbox());
    expect(seat.resumeToken).not.toBe(first);
    expect(seat.resumeToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('takes nothing once released: no delivery, no queue, no timers', () => {
    jest.useFakeTimers();
    const inbox = new Inbox();
    const seat = new Seat(user, 'r1', 4, inbox, limits);
    seat.refreshTurn(100, () => chat('turn'));
    seat.release();
    seat.deliver(chat('late'));
    jest.advanceTimersByTime(1000);
    expect(inbox.sent).toEqual([]);
    expect(seat.socket).toBeNull();
    expect(jest.getTimerCount()).toBe(0);
  });
});
