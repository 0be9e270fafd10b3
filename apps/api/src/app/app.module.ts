import { DynamicModule, Logger, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { ApiExceptionFilter } from '../common/api-exception.filter';
import { GracefulShutdownService } from '../common/graceful-shutdown.service';
import { JwtAuthGuard } from '../common/jwt-auth.guard';
import { LoggingModule } from '../common/logging.module';
import { RolesGuard } from '../common/roles.guard';
import { AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { CallsModule } from './calls/calls.module';
import { HealthModule } from './health/health.module';
import { InvitesModule } from './invites/invites.module';
import { LimitsModule } from './limits/limits.module';
import { MetricsModule } from './metrics/metrics.module';
import { ModerationModule } from './moderation/moderation.module';
import { RedisModule } from './redis/redis.module';
import { RoomsModule } from './rooms/rooms.module';
import { SignalingModule } from './signaling/signaling.module';
import { TurnModule } from './turn/turn.module';

@Module({})
export class AppModule {
  static register(config: AppConfig, logStream?: Writable): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config, logStream),
        DatabaseModule,
        RedisModule,
        MetricsModule,
        LimitsModule,
        AuthModule,
        RoomsModule,
        InvitesModule,
        CallsModule,
        SignalingModule,
        ModerationModule,
        AdminModule,
        HealthModule,
        TurnModule,
        ...webClient(config.webDistPath),
      ],
      providers: [
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
        },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        // Guards run in this order: who is calling, then whether their role allows the route.
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        GracefulShutdownService,
      ],
    };
  }
}

/** Serves the built Angular app from the same port, with index.html for its client-side routes. */
function webClient(rootPath: string): DynamicModule[] {
  if (!existsSync(join(rootPath, 'index.html'))) {
    new Logger('WebClient').warn(`No web client at ${rootPath}: serving the API only (build it with "npm run build")`);
    return [];
  }
  return [ServeStaticModule.forRoot({ rootPath, exclude: ['/api/{*path}', '/ws', '/metrics'] })];
}
