import { AppConfig } from '../../config/app-config';
import { HashingBusyException, PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = (env: Record<string, string>) =>
    new PasswordHasher(AppConfig.fromEnvironment({ JWT_SECRET: 'x'.repeat(32), ...env }));

  it('hashes with argon2id and verifies, false for a wrong password or an unreadable hash', async () => {
    const h = hasher({});
    const hash = await h.hash('correct horse');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await h.verify(hash, 'correct horse')).toBe(true);
    expect(await h.verify(hash, 'wrong')).toBe(false);
    expect(await h.verify('not a hash', 'x')).toBe(false);
  });

  it('runs at most HASH_CONCURRENCY hashes at once and refuses at once beyond HASH_QUEUE_LIMIT waiting', async () => {
    const h = hasher({ HASH_CONCURRENCY: '2', HASH_QUEUE_LIMIT: '3' });
    const hashes = Array.from({ length: 8 }, (_, i) => h.hash(`password ${i}`));
    const loads = [h.load];
    const sampler = setInterval(() => loads.push(h.load), 5);
    const results = await Promise.allSettled(hashes);
    clearInterval(sampler);
    expect(results.map((r) => r.status)).toEqual([...Array(5).fill('fulfilled'), ...Array(3).fill('rejected')]);
    const refusal = (results[7] as PromiseRejectedResult).reason;
    expect(refusal).toBeInstanceOf(HashingBusyException);
    expect(refusal).toMatchObject({ status: 503, retryAfterSeconds: 2, response: { code: 'service-unavailable' } });
    expect(loads[0]).toEqual({ running: 2, waiting: 3 });
    expect(Math.max(...loads.map((load) => load.running))).toBe(2);
    expect(h.load).toEqual({ running: 0, waiting: 0 });
    expect(await h.verify((results[4] as PromiseFulfilledResult<string>).value, 'password 4')).toBe(true);
  });
});
