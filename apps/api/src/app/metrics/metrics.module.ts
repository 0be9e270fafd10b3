import { Global, Module } from '@nestjs/common';
import { PresenceModule } from '../presence/presence.module';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** Global so the signaling code can count without importing a module for it. */
@Global()
@Module({
  imports: [PresenceModule],
  controllers: [MetricsController],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
