import { Global, Inject, Module, OnModuleInit } from '@nestjs/common';
import { Presence, PRESENCE } from '../presence/presence';
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
export class MetricsModule implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(PRESENCE) private readonly presence: Presence,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge('signaling_rooms', 'Rooms with at least one participant', () => this.presence.roomCount());
    this.metrics.gauge('signaling_participants', 'Participants in all rooms', () => this.presence.totalParticipants());
  }
}
