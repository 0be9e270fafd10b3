import { LegOutcome, QUALITY_SAMPLE_INTERVAL_MS, QualitySample } from '@webrtc-call/signaling-contracts';
import { StatsSnapshot, toSnapshot } from './call-stats';
import { buildQualitySample, firstFrameArrived, LegFacts } from './quality-sample-builder';

/** Reads often until the first frame, so time to first frame is precise to a quarter second. */
export const FIRST_FRAME_PROBE_MS = 250;
/** Afterwards often enough that the final sample, taken without waiting, is at most this old. */
export const LEG_PROBE_MS = 2000;

export interface LegQualityOptions {
  peerId: string;
  /** `getTransceivers` tells whether the peer sends video; without it the first audio may count as the first frame. */
  connection: Pick<RTCPeerConnection, 'getStats'> & Partial<Pick<RTCPeerConnection, 'getTransceivers'>>;
  send: (sample: QualitySample) => void;
  now?: () => number;
}

/**
 * The quality record of one leg (one peer connection): when it connected and showed its first frame,
 * how it ended, how often ICE restarted, and a `stats` sample every QUALITY_SAMPLE_INTERVAL_MS. Created
 * with the connection and ended with it; `end()` sends the final sample at once, from the latest
 * reading, so it can go out before a `leave` that follows in the same task.
 */
export class LegQuality {
  private readonly now: () => number;
  private readonly startedAt: number;
  private outcome: LegOutcome = 'connecting';
  private everConnected = false;
  private timeToConnectMs: number | null = null;
  private timeToFirstFrameMs: number | null = null;
  private iceRestarts = 0;
  /** The newest reading, and the readings the last two samples were taken at (interval figures start there). */
  private latest: StatsSnapshot | null = null;
  /**
   * The leg's first reading: the interval of its first sample starts here, so that a leg shorter than
   * one interval still has its bitrate and loss.
   */
  private first: StatsSnapshot | null = null;
  private sentAt: StatsSnapshot | null = null;
  private sentBefore: StatsSnapshot | null = null;
  private ended = false;
  private probeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly sampleTimer: ReturnType<typeof setInterval>;

  constructor(private readonly options: LegQualityOptions) {
    this.now = options.now ?? (() => performance.now());
    this.startedAt = this.now();
    this.scheduleProbe(FIRST_FRAME_PROBE_MS);
    this.sampleTimer = setInterval(() => void this.sample(), QUALITY_SAMPLE_INTERVAL_MS);
  }

  get isEnded(): boolean {
    return this.ended;
  }

  connectionState(state: RTCPeerConnectionState): void {
    if (this.ended) return;
    if (state === 'connected') {
      this.timeToConnectMs ??= Math.round(this.now() - this.startedAt);
      this.everConnected = true;
      this.outcome = 'connected';
    } else if (state === 'failed') this.outcome = 'failed';
    else if (state === 'closed') this.end();
  }

  iceRestarted(): void {
    this.iceRestarts++;
  }

  /** The connection stopped trying (no path in time): the leg ends with that verdict. */
  gaveUp(): void {
    if (this.ended) return;
    this.outcome = this.everConnected ? 'failed' : 'never-connected';
    this.end();
  }

  /** A side left or the connection closed: sends the final sample and stops. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.probeTimer);
    clearInterval(this.sampleTimer);
    if (this.outcome === 'connecting') this.outcome = 'closed-before-connected';
    // Without a reading newer than the last sample, repeat that sample's interval rather than none.
    const fresh = this.latest !== null && this.latest.timestamp > (this.sentAt?.timestamp ?? -1);
    const from = (fresh ? this.sentAt : this.sentBefore) ?? this.first;
    this.options.send(buildQualitySample(this.facts(true), from, fresh ? this.latest : this.sentAt));
  }

  private facts(final: boolean): LegFacts {
    return {
      peerId: this.options.peerId,
      final,
      outcome: this.outcome,
      timeToConnectMs: this.timeToConnectMs,
      timeToFirstFrameMs: this.timeToFirstFrameMs,
      iceRestarts: this.iceRestarts,
    };
  }

  private async sample(): Promise<void> {
    const snapshot = await this.read();
    if (!snapshot || this.ended) return;
    this.options.send(buildQualitySample(this.facts(false), this.sentAt ?? this.first, snapshot));
    this.sentBefore = this.sentAt;
    this.sentAt = snapshot;
  }

  private scheduleProbe(delayMs: number): void {
    this.probeTimer = setTimeout(() => void this.probe(), delayMs);
  }

  private async probe(): Promise<void> {
    await this.read();
    if (this.ended) return;
    this.scheduleProbe(this.timeToFirstFrameMs === null ? FIRST_FRAME_PROBE_MS : LEG_PROBE_MS);
  }

  /** Whether the negotiated session has the peer send us video (a transceiver receiving it). */
  private videoExpected(): boolean {
    const transceivers = this.options.connection.getTransceivers?.() ?? [];
    return transceivers.some(
      (t) =>
        t.receiver.track.kind === 'video' && (t.currentDirection === 'sendrecv' || t.currentDirection === 'recvonly'),
    );
  }

  private async read(): Promise<StatsSnapshot | null> {
    let snapshot: StatsSnapshot;
    try {
      snapshot = toSnapshot(await this.options.connection.getStats());
    } catch {
      // A connection closing under us has no statistics; the final sample uses the last reading.
      return null;
    }
    if (this.ended) return null;
    if (this.timeToFirstFrameMs === null && firstFrameArrived(snapshot, this.videoExpected())) {
      this.timeToFirstFrameMs = Math.round(this.now() - this.startedAt);
    }
    this.first ??= snapshot;
    if (!this.latest || snapshot.timestamp >= this.latest.timestamp) this.latest = snapshot;
    return snapshot;
  }
}
