import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { REDIS } from '../redis/redis.module';
import type { RedisConnection } from '../redis/redis-connection';

const PING_TIMEOUT_MS = 2000;

/** Redis answers a ping, and the subscription connection is up too (frames from other instances arrive on it). */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: RedisConnection | null,
  ) {}

  get configured(): boolean {
    return this.redis !== null;
  }

  async check(): Promise<HealthIndicatorResult<'redis'>> {
    const indicator = this.indicators.check('redis');
    const redis = this.redis;
    if (!redis) return indicator.up();
    if (!redis.ready) return indicator.down({ message: 'not connected' });
    try {
      await Promise.race([
        redis.client.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), PING_TIMEOUT_MS).unref()),
      ]);
      return indicator.up();
    } catch (error: unknown) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
