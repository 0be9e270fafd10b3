/**
 * REST shapes of the call-quality records (`/api/admin/calls`, `/api/admin/quality`). A call is a
 * room session from its first join to its last leave; a leg is one pair of peers in it.
 */
import type { QualityBand } from './quality';
import type { CandidateType, LegOutcome, RelayProtocol, TransportProtocol } from './quality-sample';

export interface CallParticipantView {
  /** The account, or null for a guest. */
  userId: string | null;
  displayName: string;
  guest: boolean;
  peerId: string;
  joinedAt: string;
  leftAt: string | null;
}

/** One item of `GET /api/admin/calls`. */
export interface CallSummaryView {
  id: string;
  roomId: string;
  roomName: string;
  startedAt: string;
  /** Null while the call goes on. */
  endedAt: string | null;
  participants: CallParticipantView[];
  legCount: number;
}

/** count, min, avg and max of one figure over every sample of a leg (both sides); null before any sample had it. */
export interface FigureAggregate {
  count: number;
  min: number;
  avg: number;
  max: number;
}

export interface LegView {
  id: string;
  /** The two peers: `a` joined the call first (and so answered), `b` offered. */
  a: { peerId: string; displayName: string };
  b: { peerId: string; displayName: string };
  outcome: Exclude<LegOutcome, 'connecting'> | 'connecting';
  /** The last selected candidate pair, as `a` saw it (or as `b` saw it, mirrored, when only `b` reported). */
  candidateType: { local: CandidateType | null; remote: CandidateType | null };
  protocol: TransportProtocol | null;
  relayProtocol: RelayProtocol | null;
  /** The first reported time to connect / to the first decoded frame (the smaller of both sides). */
  timeToConnectMs: number | null;
  timeToFirstFrameMs: number | null;
  samples: number;
  rttMs: FigureAggregate | null;
  jitterMs: FigureAggregate | null;
  lossPercent: FigureAggregate | null;
  bitrateKbps: FigureAggregate | null;
  iceRestarts: number;
  /** MOS from the leg's average RTT, jitter and loss (the shared E-model), and its band. */
  mos: number | null;
  band: QualityBand | null;
}

/** `GET /api/admin/calls/:id`. */
export interface CallDetailView extends CallSummaryView {
  legs: LegView[];
}

export interface Percentiles {
  p50: number | null;
  p95: number | null;
}

/** Figures over the legs that started in one UTC day (or over the whole range for `total`). */
export interface QualityFigures {
  /** `YYYY-MM-DD` (UTC); absent on the total. */
  day?: string;
  /** Legs that tried to connect (every outcome but `closed-before-connected` and `connecting`). */
  legsTried: number;
  legsConnected: number;
  /** connected / tried; null when no leg tried. */
  successRate: number | null;
  /** Connected legs whose selected pair used a relay (either side) / connected legs; null when none connected. */
  relayShare: number | null;
  timeToConnectMs: Percentiles;
  lossPercent: Percentiles;
  rttMs: Percentiles;
  mosP50: number | null;
}

/** `GET /api/admin/quality?from&to`. */
export interface QualityReport {
  from: string;
  to: string;
  total: QualityFigures;
  days: QualityFigures[];
}
