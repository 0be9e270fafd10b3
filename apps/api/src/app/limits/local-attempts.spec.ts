import { AttemptCounter } from './attempts';
import { FULL_WAIT_MS, LocalAttempts } from './local-attempts';

describe('LocalAttempts', () => {
  let now: number;
  let attempts: LocalAttempts;
  const make = (capacity?: number) => {
    attempts?.onModuleDestroy();
    attempts = new LocalAttempts(() => now, capacity);
  };
  beforeEach(() => {
    now = 1_000_000;
    make();
  });
  afterEach(() => attempts.onModuleDestroy());

  const window = (key: string, limit = 3, windowMs = 60_000): AttemptCounter => ({
    key,
    rule: { kind: 'window', limit, windowMs },
  });
  const backoff = (key: string): AttemptCounter => ({
    key,
    rule: { kind: 'backoff', free: 2, baseMs: 1000, maxMs: 8000, forgetMs: 60_000 },
  });

  it('allows `limit` tries per window, counted from the first, then answers the wait until it ends', async () => {
    for (let i = 0; i < 3; i++) expect(await attempts.take([window('k')])).toBe(0);
    now += 20_000;
    expect(await attempts.take([window('k')])).toBe(40_000);
    expect(await attempts.waitMs([window('k')])).toBe(40_000);
    now += 40_000;
    expect(await attempts.take([window('k')])).toBe(0);
  });

  it('backs off 1 s, 2 s, 4 s after the free tries, up to the ceiling, from the last try', async () => {
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      const wait = await attempts.waitMs([backoff('k')]);
      waits.push(wait);
      now += wait;
      expect(await attempts.take([backoff('k')])).toBe(0);
    }
    expect(waits).toEqual([0, 0, 1000, 2000, 4000, 8000, 8000]);
    expect(await attempts.take([backoff('k')])).toBe(8000);
  });

  it('keeps counting a key that keeps trying, and forgets it after a quiet `forgetMs`', async () => {
    for (let i = 0; i < 2; i++) await attempts.take([backoff('k')]);
    now += 59_000;
    expect(await attempts.take([backoff('k')])).toBe(0);
    expect(await attempts.waitMs([backoff('k')])).toBe(2000);
    now += 60_000;
    expect(await attempts.waitMs([backoff('k')])).toBe(0);
    expect(attempts.size).toBe(0);
  });

  it('counts a try against every counter or none', async () => {
    for (let i = 0; i < 3; i++) await attempts.take([window('room', 3)]);
    expect(await attempts.take([window('user', 3), window('room', 3)])).toBe(60_000);
    for (let i = 0; i < 3; i++) expect(await attempts.take([window('user', 3)])).toBe(0);
  });

  it('forgets cleared keys and takes back refunded tries', async () => {
    for (let i = 0; i < 3; i++) await attempts.take([window('a'), window('b')]);
    await attempts.clear(['a']);
    await attempts.refund(['b']);
    expect(await attempts.take([window('a')])).toBe(0);
    expect(await attempts.take([window('b')])).toBe(0);
    expect(await attempts.take([window('b')])).toBe(60_000);
  });

  it('refuses new keys when full rather than forgetting live ones, and frees ended entries', async () => {
    make(100);
    for (let i = 0; i < 3; i++) await attempts.take([window('target')]);
    for (let i = 0; i < 99; i++) expect(await attempts.take([window(`filler ${i}`, 3, 120_000)])).toBe(0);
    expect(await attempts.take([window('one more')])).toBe(FULL_WAIT_MS);
    expect(await attempts.take([window('target')])).toBe(60_000);
    expect(attempts.size).toBe(100);
    now += 60_000;
    expect(await attempts.take([window('one more')])).toBe(0);
    expect(attempts.size).toBe(100);
  });
});
