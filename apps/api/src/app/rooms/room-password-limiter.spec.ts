import { AppConfig } from '../../config/app-config';
import { MAX_TRACKED_ATTEMPTS, RoomPasswordLimiter } from './room-password-limiter';

describe('RoomPasswordLimiter', () => {
  let now: number;
  let limiter: RoomPasswordLimiter;
  const fail = (times: number, userId = 'u1', roomId = 'r1') => {
    for (let i = 0; i < times; i++) limiter.attempted(userId, roomId);
  };

  beforeEach(() => {
    now = 1_000_000;
    const config = AppConfig.fromEnvironment({
      JWT_SECRET: 'x'.repeat(32),
      ROOM_PASSWORD_MAX_ATTEMPTS: '3',
      ROOM_PASSWORD_WINDOW_MS: '60000',
    });
    limiter = new RoomPasswordLimiter(config, () => now);
  });

  it('lets a user try the configured number of passwords, then makes them wait for the window to end', () => {
    fail(2);
    expect(limiter.waitMs('u1', 'r1')).toBe(0);
    now += 10_000;
    fail(1);
    expect(limiter.waitMs('u1', 'r1')).toBe(50_000);
    now += 49_999;
    expect(limiter.waitMs('u1', 'r1')).toBe(1);
    now += 1;
    expect(limiter.waitMs('u1', 'r1')).toBe(0);
  });

  it('starts a fresh window once the old one has ended', () => {
    fail(3);
    now += 60_000;
    fail(2);
    expect(limiter.waitMs('u1', 'r1')).toBe(0);
    fail(1);
    expect(limiter.waitMs('u1', 'r1')).toBe(60_000);
  });

  it('counts per user and per room', () => {
    fail(3, 'u1', 'r1');
    expect(limiter.waitMs('u1', 'r1')).toBeGreaterThan(0);
    expect(limiter.waitMs('u2', 'r1')).toBe(0);
    expect(limiter.waitMs('u1', 'r2')).toBe(0);
  });

  it('forgets the failures of a user who got the password right', () => {
    fail(2);
    limiter.succeeded('u1', 'r1');
    fail(2);
    expect(limiter.waitMs('u1', 'r1')).toBe(0);
    expect(limiter.size).toBe(1);
  });

  it('drops entries whose window has ended', () => {
    fail(1, 'u1', 'r1');
    now += 30_000;
    fail(3, 'u2', 'r1');
    expect(limiter.size).toBe(2);
    now += 30_000;
    expect(limiter.size).toBe(1);
    expect(limiter.waitMs('u2', 'r1')).toBe(30_000);
    now += 30_000;
    expect(limiter.size).toBe(0);
  });

  it('tracks a bounded number of users and rooms, forgetting the oldest first', () => {
    fail(3, 'first', 'r');
    for (let i = 0; i < MAX_TRACKED_ATTEMPTS; i++) fail(1, `u${i}`, 'r');
    expect(limiter.size).toBe(MAX_TRACKED_ATTEMPTS);
    expect(limiter.waitMs('first', 'r')).toBe(0);
    fail(2, `u${MAX_TRACKED_ATTEMPTS - 1}`, 'r');
    expect(limiter.waitMs(`u${MAX_TRACKED_ATTEMPTS - 1}`, 'r')).toBe(60_000);
  });
});
