import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { SignalingService } from './signaling.service';

/** Pings every socket at the WebSocket level and closes the ones that stay silent. */
@Injectable()
export class Heartbeat implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly signaling: SignalingService,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => this.signaling.sweep(), this.config.signaling.pingIntervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
