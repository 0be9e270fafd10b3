import type { RedisConnection } from '../redis/redis-connection';
import { REFUND_ATTEMPT, TAKE_ATTEMPT } from './attempt-scripts';
import type { AttemptCounter, AttemptRule, Attempts } from './attempts';

/**
 * `Attempts` in the Redis that instances share: one count per key for all of them, so adding instances
 * adds no tries. Keys expire with their rule, and Redis's own memory limit bounds the rest.
 */
export class RedisAttempts implements Attempts {
  constructor(private readonly redis: RedisConnection) {}

  take(counters: AttemptCounter[]): Promise<number> {
    return this.run('take', counters);
  }

  waitMs(counters: AttemptCounter[]): Promise<number> {
    return this.run('wait', counters);
  }

  async clear(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.redis.client.del(keys.map((key) => this.key(key)));
  }

  async refund(keys: string[]): Promise<void> {
    if (keys.length > 0)
      await this.redis.script(
        REFUND_ATTEMPT,
        keys.map((key) => this.key(key)),
        [],
      );
  }

  private async run(mode: 'take' | 'wait', counters: AttemptCounter[]): Promise<number> {
    if (counters.length === 0) return 0;
    const args = [mode, ...counters.flatMap(({ rule }) => ruleArguments(rule))];
    return Number(
      await this.redis.script(
        TAKE_ATTEMPT,
        counters.map(({ key }) => this.key(key)),
        args,
      ),
    );
  }

  private key(key: string): string {
    return this.redis.key('attempts', key);
  }
}

function ruleArguments(rule: AttemptRule): Array<string | number> {
  return rule.kind === 'window'
    ? ['window', rule.limit, rule.windowMs, 0, 0]
    : ['backoff', rule.free, rule.baseMs, rule.maxMs, rule.forgetMs];
}
