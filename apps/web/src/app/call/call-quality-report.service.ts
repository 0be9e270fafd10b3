import { inject, Injectable, signal } from '@angular/core';
import { QualitySample } from '@webrtc-call/signaling-contracts';
import { CallQualityLog, CallQualitySummary } from './call-quality-summary';
import { RoomConnectionService } from './room-connection.service';

/**
 * Sends the quality samples of every leg to the server (the `stats` event) and keeps them for the
 * summary shown after leaving. Provided by the call page beside CallStateService, which starts and
 * finishes it with the call.
 */
@Injectable()
export class CallQualityReportService {
  private readonly connection = inject(RoomConnectionService);
  private log = new CallQualityLog();
  private startedAt: number | null = null;
  private readonly summaryState = signal<CallQualitySummary | null>(null);

  /** The summary of the call last left; null during a call. */
  readonly summary = this.summaryState.asReadonly();

  start(): void {
    this.log = new CallQualityLog();
    this.startedAt = Date.now();
    this.summaryState.set(null);
  }

  record(sample: QualitySample, peerName: string): void {
    // Samples are worth nothing late: while the socket is down they are dropped, not queued.
    if (this.connection.isOpen) this.connection.send('stats', sample);
    this.log.record(sample, peerName);
  }

  finish(): void {
    if (this.startedAt === null) return;
    this.summaryState.set(this.log.summarize(Date.now() - this.startedAt));
    this.startedAt = null;
  }
}
