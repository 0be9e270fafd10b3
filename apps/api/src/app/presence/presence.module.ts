import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { REDIS } from '../redis/redis.module';
import type { RedisConnection } from '../redis/redis-connection';
import { LocalPresence } from './local-presence';
import { PRESENCE } from './presence';
import { RedisPresence } from './redis-presence';
import { SeatEvents } from './seat-events';

/** Who sits in which room: in this process's memory, or shared through Redis when REDIS_URL is set. */
@Module({
  providers: [
    {
      provide: PRESENCE,
      inject: [AppConfig, REDIS],
      useFactory: (config: AppConfig, redis: RedisConnection | null) =>
        redis ? new RedisPresence(config, redis) : new LocalPresence(),
    },
    SeatEvents,
  ],
  exports: [PRESENCE, SeatEvents],
})
export class PresenceModule {}
