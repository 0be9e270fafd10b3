import type { LegOutcome, QualityFigures, QualityReport } from '@webrtc-call/signaling-contracts';

/** What the quality report needs of one leg. */
export interface LegFacts {
  startedAt: Date;
  outcome: LegOutcome;
  usedRelay: boolean;
  timeToConnectMs: number | null;
  lossPercent: number | null;
  rttMs: number | null;
  mos: number | null;
}

/** The p-th percentile (0–100) by linear interpolation between closest ranks; null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

/** part / whole, or null when there is no whole to speak of. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** Legs that tried: a leg still connecting, or closed before either side tried, says nothing of success. */
export function tried(outcome: LegOutcome): boolean {
  return outcome !== 'connecting' && outcome !== 'closed-before-connected';
}

export function figuresOf(legs: readonly LegFacts[]): QualityFigures {
  const attempted = legs.filter((leg) => tried(leg.outcome));
  const connected = attempted.filter((leg) => leg.outcome === 'connected');
  const known = (pick: (leg: LegFacts) => number | null) =>
    connected.map(pick).filter((value): value is number => value !== null);
  const spread = (values: number[]) => ({ p50: percentile(values, 50), p95: percentile(values, 95) });
  return {
    legsTried: attempted.length,
    legsConnected: connected.length,
    successRate: rate(connected.length, attempted.length),
    relayShare: rate(connected.filter((leg) => leg.usedRelay).length, connected.length),
    timeToConnectMs: spread(known((leg) => leg.timeToConnectMs)),
    lossPercent: spread(known((leg) => leg.lossPercent)),
    rttMs: spread(known((leg) => leg.rttMs)),
    mosP50: percentile(
      known((leg) => leg.mos),
      50,
    ),
  };
}

/** `YYYY-MM-DD` of the UTC day. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Figures over the whole range and per UTC day the legs started on (days without legs are left out). */
export function qualityReport(legs: readonly LegFacts[], from: Date, to: Date): QualityReport {
  const byDay = new Map<string, LegFacts[]>();
  for (const leg of legs) {
    const day = utcDay(leg.startedAt);
    byDay.set(day, [...(byDay.get(day) ?? []), leg]);
  }
  const days = [...byDay.keys()].sort().map((day) => ({ day, ...figuresOf(byDay.get(day) ?? []) }));
  return { from: from.toISOString(), to: to.toISOString(), total: figuresOf(legs), days };
}
