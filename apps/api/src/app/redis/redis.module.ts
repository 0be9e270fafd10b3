import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { RedisConnection } from './redis-connection';

/** The Redis shared by instances, or null when REDIS_URL is unset and the process keeps everything in memory. */
export const REDIS = Symbol('Redis');

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => (config.redis ? new RedisConnection(config.redis) : null),
    },
  ],
  exports: [REDIS],
})
export class RedisModule {}
