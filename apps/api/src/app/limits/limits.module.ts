import { Global, Module } from '@nestjs/common';
import { REDIS } from '../redis/redis.module';
import type { RedisConnection } from '../redis/redis-connection';
import { ATTEMPTS } from './attempts';
import { LocalAttempts } from './local-attempts';
import { PasswordHasher } from './password-hasher';
import { RedisAttempts } from './redis-attempts';

/**
 * What bounds guessing and hashing: the attempt counters (in memory, or in the Redis instances share
 * when REDIS_URL is set, so more instances give no more tries) and the argon2 queue (per process).
 */
@Global()
@Module({
  providers: [
    {
      provide: ATTEMPTS,
      inject: [REDIS],
      useFactory: (redis: RedisConnection | null) => (redis ? new RedisAttempts(redis) : new LocalAttempts()),
    },
    PasswordHasher,
  ],
  exports: [ATTEMPTS, PasswordHasher],
})
export class LimitsModule {}
