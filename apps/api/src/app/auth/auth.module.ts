import { createSecretKey } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../../config/app-config';
import { RedisThrottlerStorage } from '../limits/redis-throttler-storage';
import { REDIS } from '../redis/redis.module';
import type { RedisConnection } from '../redis/redis-connection';
import { UsersModule } from '../users/users.module';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { TokenService } from './token.service';

@Global()
@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // A key object rather than the string: given a string, jsonwebtoken first tries to read it as a
        // public key on every verify and pays for the exception that throws.
        secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')),
        signOptions: { expiresIn: config.jwtTtlSeconds, algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    // Only login and registration use the throttler; the limit is per client address and route, counted
    // in Redis when instances share one.
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, REDIS],
      useFactory: (config: AppConfig, redis: RedisConnection | null) => ({
        throttlers: [{ name: 'default', ttl: config.authRateLimit.windowMs, limit: config.authRateLimit.limit }],
        errorMessage: 'Too many attempts; try again later',
        ...(redis ? { storage: new RedisThrottlerStorage(redis) } : {}),
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, TokenService, AdminBootstrapService],
  exports: [TokenService, JwtModule],
})
export class AuthModule {}
