/**
 * Call quality from network figures, by the simplified E-model (ITU-T G.107 as reduced for VoIP
 * monitoring): one pure function that client and server share, so a tile's indicator and the admin's
 * records always agree.
 */
export type QualityBand = 'good' | 'fair' | 'poor';

export interface NetworkFigures {
  /** Round-trip time of the selected candidate pair. */
  rttMs: number;
  jitterMs: number;
  /** Packets lost, as a percentage of those expected (0–100). */
  lossPercent: number;
}

export interface QualityScore {
  /** The transmission rating, 0–100. */
  r: number;
  /** Mean opinion score, 1–4.5. */
  mos: number;
  band: QualityBand;
  /** What costs the most when the band is not good: packet loss, or delay (latency and jitter). */
  reason: 'loss' | 'delay' | null;
}

/** MOS from which a leg is good, and from which it is fair (R 80 and R 60). */
export const GOOD_MOS = 4.03;
export const FAIR_MOS = 3.1;

const R_MAX = 93.2;

/** Latency as the E-model weighs it: the round trip, twice the jitter, and 10 ms of codec delay. */
export function effectiveLatencyMs(rttMs: number, jitterMs: number): number {
  return rttMs + 2 * jitterMs + 10;
}

export function qualityScore(figures: NetworkFigures): QualityScore {
  const latency = effectiveLatencyMs(nonNegative(figures.rttMs), nonNegative(figures.jitterMs));
  const delayPenalty = latency < 160 ? latency / 40 : (latency - 120) / 10;
  const lossPenalty = 2.5 * Math.min(100, nonNegative(figures.lossPercent));
  const r = Math.max(0, Math.min(100, R_MAX - delayPenalty - lossPenalty));
  const mos = mosFromR(r);
  const band: QualityBand = mos >= GOOD_MOS ? 'good' : mos >= FAIR_MOS ? 'fair' : 'poor';
  return { r, mos, band, reason: band === 'good' ? null : lossPenalty >= delayPenalty ? 'loss' : 'delay' };
}

/** MOS = 1 + 0.035R + 7·10⁻⁶·R(R−60)(100−R), 1 at R ≤ 0 and 4.5 at R ≥ 100. */
export function mosFromR(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  return 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
}

function nonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}
