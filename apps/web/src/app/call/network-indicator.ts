import { QualityBand, qualityScore } from '@webrtc-call/signaling-contracts';
import { PeerStats } from './call-stats';

/** What most holds a connection back: packet loss, delay (latency and jitter), or too little bandwidth to send. */
export type NetworkReason = 'loss' | 'delay' | 'bandwidth';

export interface NetworkIndicator {
  band: QualityBand;
  reason: NetworkReason | null;
}

/** Less than this estimated for our upload to a peer is too little for video, whatever the encoder says. */
export const LOW_OUTGOING_KBPS = 150;
/**
 * Up to this estimate an encoder that says it is held back by bandwidth is believed; above it, Chromium's
 * `bandwidth` is its own slow climb back after the start of a call, not a poor path.
 */
export const LIMITED_OUTGOING_KBPS = 500;

type NetworkFigures = Pick<
  PeerStats,
  | 'rttMs'
  | 'jitterMs'
  | 'packetLossPercent'
  | 'lossOutPercent'
  | 'availableOutgoingBitrateKbps'
  | 'qualityLimitationReason'
>;

/**
 * The band of a connection from its latest figures, by the same score the server keeps (qualityScore),
 * with the worse of the two directions' loss. A connection that is otherwise good but cannot send for
 * lack of bandwidth is fair, for bandwidth. Null until a round trip has been measured.
 */
export function networkIndicator(stats: NetworkFigures | undefined): NetworkIndicator | null {
  if (!stats || stats.rttMs === null) return null;
  const lossPercent = Math.max(stats.packetLossPercent ?? 0, stats.lossOutPercent ?? 0);
  const score = qualityScore({ rttMs: stats.rttMs, jitterMs: stats.jitterMs ?? 0, lossPercent });
  if (score.band !== 'good') return { band: score.band, reason: score.reason };
  const available = stats.availableOutgoingBitrateKbps;
  const held =
    stats.qualityLimitationReason === 'bandwidth' && (available === null || available < LIMITED_OUTGOING_KBPS);
  const limited = held || (available !== null && available < LOW_OUTGOING_KBPS);
  return limited ? { band: 'fair', reason: 'bandwidth' } : { band: 'good', reason: null };
}
