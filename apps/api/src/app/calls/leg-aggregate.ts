import { FigureAggregate, LegOutcome, LegView, QualitySample, qualityScore } from '@webrtc-call/signaling-contracts';
import type { CallLeg } from './call-leg.entity';

/** What one sample changes in a leg: its figures, and nothing that identifies the leg. */
export type LegFigures = Omit<CallLeg, 'id' | 'callId' | 'call' | 'aId' | 'bId' | 'startedAt' | 'version'>;

const FIGURES = ['rtt', 'jitter', 'loss', 'bitrate'] as const;
type Figure = (typeof FIGURES)[number];

export function emptyLeg(): LegFigures {
  const leg = {
    outcome: 'connecting',
    localCandidateType: null,
    remoteCandidateType: null,
    protocol: null,
    relayProtocol: null,
    pairFromA: false,
    timeToConnectMs: null,
    timeToFirstFrameMs: null,
    samples: 0,
    iceRestarts: 0,
  } as LegFigures;
  for (const name of FIGURES) {
    leg[`${name}Count`] = 0;
    leg[`${name}Sum`] = 0;
    leg[`${name}Min`] = null;
    leg[`${name}Max`] = null;
  }
  return leg;
}

/**
 * Where a leg stands after a sample: connected stays connected unless a later sample says failed (and
 * a later connected recovers a failed one, after an ICE restart); the outcomes of a leg that ended
 * without connecting only count while nothing better is known.
 */
export function nextOutcome(current: LegOutcome, reported: LegOutcome): LegOutcome {
  switch (reported) {
    case 'connected':
    case 'failed':
      return reported;
    case 'never-connected':
    case 'closed-before-connected':
      return current === 'connecting' ? reported : current;
    case 'connecting':
      return current;
  }
}

/** The leg with one sample folded in; `fromA` says which side sent it. Pure: the caller stores the result. */
export function foldSample(leg: LegFigures, sample: QualitySample, fromA: boolean): LegFigures {
  const next: LegFigures = { ...leg, samples: leg.samples + 1 };
  next.outcome = nextOutcome(leg.outcome, sample.outcome);
  const reportsPair = sample.localCandidateType !== null || sample.remoteCandidateType !== null;
  if (reportsPair && (fromA || !leg.pairFromA)) {
    // Stored as `a` sees it: b's local candidate is a's remote one. b's TURN transport is not a's.
    next.localCandidateType = fromA ? sample.localCandidateType : sample.remoteCandidateType;
    next.remoteCandidateType = fromA ? sample.remoteCandidateType : sample.localCandidateType;
    next.protocol = sample.protocol;
    next.relayProtocol = fromA ? sample.relayProtocol : null;
    next.pairFromA = fromA;
  }
  next.timeToConnectMs = smallest(leg.timeToConnectMs, sample.timeToConnectMs);
  next.timeToFirstFrameMs = smallest(leg.timeToFirstFrameMs, sample.timeToFirstFrameMs);
  next.iceRestarts = Math.max(leg.iceRestarts, sample.iceRestarts);
  add(next, 'rtt', sample.rttMs);
  add(next, 'jitter', sample.jitterMs);
  add(next, 'loss', sample.lossInPercent);
  // What each side receives: both directions of the leg, one figure each.
  add(next, 'bitrate', sample.bitrateInKbps);
  return next;
}

function smallest(current: number | null, reported: number | null): number | null {
  if (reported === null) return current;
  return current === null ? reported : Math.min(current, reported);
}

function add(leg: LegFigures, name: Figure, value: number | null): void {
  if (value === null) return;
  leg[`${name}Count`] += 1;
  leg[`${name}Sum`] += value;
  const min = leg[`${name}Min`];
  const max = leg[`${name}Max`];
  leg[`${name}Min`] = min === null ? value : Math.min(min, value);
  leg[`${name}Max`] = max === null ? value : Math.max(max, value);
}

export function aggregate(leg: LegFigures, name: Figure): FigureAggregate | null {
  const count = leg[`${name}Count`];
  const min = leg[`${name}Min`];
  const max = leg[`${name}Max`];
  if (count === 0 || min === null || max === null) return null;
  return { count, min, avg: leg[`${name}Sum`] / count, max };
}

/** MOS from the leg's averages; jitter and loss count as none when no sample had them, RTT is needed. */
export function legScore(leg: LegFigures): Pick<LegView, 'mos' | 'band'> {
  const rtt = aggregate(leg, 'rtt');
  if (!rtt) return { mos: null, band: null };
  const score = qualityScore({
    rttMs: rtt.avg,
    jitterMs: aggregate(leg, 'jitter')?.avg ?? 0,
    lossPercent: aggregate(leg, 'loss')?.avg ?? 0,
  });
  return { mos: Math.round(score.mos * 100) / 100, band: score.band };
}

type Named = { peerId: string; displayName: string };

export function toLegView(leg: CallLeg, a: Named, b: Named): LegView {
  return {
    id: leg.id,
    a: { peerId: a.peerId, displayName: a.displayName },
    b: { peerId: b.peerId, displayName: b.displayName },
    outcome: leg.outcome,
    candidateType: { local: leg.localCandidateType, remote: leg.remoteCandidateType },
    protocol: leg.protocol,
    relayProtocol: leg.relayProtocol,
    timeToConnectMs: leg.timeToConnectMs,
    timeToFirstFrameMs: leg.timeToFirstFrameMs,
    samples: leg.samples,
    rttMs: aggregate(leg, 'rtt'),
    jitterMs: aggregate(leg, 'jitter'),
    lossPercent: aggregate(leg, 'loss'),
    bitrateKbps: aggregate(leg, 'bitrate'),
    iceRestarts: leg.iceRestarts,
    ...legScore(leg),
  };
}
