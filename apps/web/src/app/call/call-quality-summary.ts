import { LegOutcome, QualityBand, qualityScore, QualitySample } from '@webrtc-call/signaling-contracts';

/** How one peer's leg went, for the page shown after leaving. */
export interface LegSummary {
  peerId: string;
  name: string;
  outcome: LegOutcome;
  /** Null when the leg never produced the figures a band needs. */
  band: QualityBand | null;
  averageRttMs: number | null;
  /** Share of packets lost over the whole leg, the worse of the two directions, 0–100. */
  lossPercent: number | null;
  /** Whether media went straight between the two browsers or through the relay server (TURN). */
  path: 'direct' | 'relay' | null;
}

export interface CallQualitySummary {
  durationMs: number;
  legs: LegSummary[];
}

interface LegLog {
  name: string;
  last: QualitySample;
  rttTotal: number;
  rttCount: number;
  jitterTotal: number;
  jitterCount: number;
  path: 'direct' | 'relay' | null;
}

function cumulativeLoss(lost: number | null, other: number | null, otherIsExpected: boolean): number | null {
  if (lost === null || other === null) return null;
  const expected = otherIsExpected ? other : other + lost;
  return expected > 0 ? Math.min(100, Math.round((lost / expected) * 1000) / 10) : null;
}

function average(totalValue: number, count: number): number | null {
  return count > 0 ? Math.round(totalValue / count) : null;
}

/** Every sample of a call's legs, boiled down to a per-peer summary. */
export class CallQualityLog {
  private readonly legs = new Map<string, LegLog>();

  record(sample: QualitySample, name: string): void {
    const log = this.legs.get(sample.peerId) ?? {
      name,
      last: sample,
      rttTotal: 0,
      rttCount: 0,
      jitterTotal: 0,
      jitterCount: 0,
      path: null,
    };
    log.last = sample;
    if (sample.rttMs !== null) {
      log.rttTotal += sample.rttMs;
      log.rttCount++;
    }
    if (sample.jitterMs !== null) {
      log.jitterTotal += sample.jitterMs;
      log.jitterCount++;
    }
    if (sample.localCandidateType !== null || sample.remoteCandidateType !== null) {
      const relayed = sample.localCandidateType === 'relay' || sample.remoteCandidateType === 'relay';
      // Once relayed, the leg counts as relayed: that is what its quality depended on.
      log.path = relayed || log.path === 'relay' ? 'relay' : 'direct';
    }
    this.legs.set(sample.peerId, log);
  }

  summarize(durationMs: number): CallQualitySummary {
    const legs = [...this.legs.entries()].map(([peerId, log]): LegSummary => {
      const { last } = log;
      const lossIn = cumulativeLoss(last.packetsLostIn, last.packetsReceivedIn, false);
      const lossOut = cumulativeLoss(last.packetsLostOut, last.packetsSentOut, true);
      const losses = [lossIn, lossOut].filter((loss): loss is number => loss !== null);
      const lossPercent = losses.length > 0 ? Math.max(...losses) : null;
      const averageRttMs = average(log.rttTotal, log.rttCount);
      const band =
        averageRttMs === null
          ? null
          : qualityScore({
              rttMs: averageRttMs,
              jitterMs: average(log.jitterTotal, log.jitterCount) ?? 0,
              lossPercent: lossPercent ?? 0,
            }).band;
      return { peerId, name: log.name, outcome: last.outcome, band, averageRttMs, lossPercent, path: log.path };
    });
    return { durationMs: Math.max(0, durationMs), legs };
  }
}
