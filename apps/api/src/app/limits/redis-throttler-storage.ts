import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import type { RedisConnection } from '../redis/redis-connection';
import { THROTTLE } from './attempt-scripts';

/** The per-address throttle (logins, registrations) counted in Redis, once for every instance. */
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly redis: RedisConnection) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = this.redis.key('throttle', throttlerName, key);
    const reply = (await this.redis.script(THROTTLE, [base, `${base}:block`], [ttl, limit, blockDuration])) as number[];
    const [totalHits, expiresInMs, blocked, blockEndsInMs] = reply.map(Number);
    return {
      totalHits,
      timeToExpire: Math.ceil(expiresInMs / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil(blockEndsInMs / 1000),
    };
  }
}
