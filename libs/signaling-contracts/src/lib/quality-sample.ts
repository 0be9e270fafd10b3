/**
 * The `stats` event: what a client measured on one of its peer connections (a leg), sent every
 * `QUALITY_SAMPLE_INTERVAL_MS` and once more, `final: true`, when the leg ends. Figures the browser
 * did not report are `null`, never guessed.
 */
export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';
export type TransportProtocol = 'udp' | 'tcp';
export type RelayProtocol = 'udp' | 'tcp' | 'tls';

/**
 * How the leg stands: still `connecting`, `connected` (it reached connected at least once and has
 * not failed since), `failed` (ICE failed after or without a connection), `never-connected` (gave up
 * without one), or `closed-before-connected` (a side left first).
 */
export type LegOutcome = 'connecting' | 'connected' | 'failed' | 'never-connected' | 'closed-before-connected';

export interface QualitySample {
  /** The remote peer of this leg (its server-issued peer id). */
  peerId: string;
  /** True for the last sample of the leg, sent when it ends. */
  final: boolean;
  outcome: LegOutcome;
  /** From the leg's start (the peer connection's creation) to `connected`, and to the first decoded video frame. */
  timeToConnectMs: number | null;
  timeToFirstFrameMs: number | null;
  /** The selected candidate pair. */
  localCandidateType: CandidateType | null;
  remoteCandidateType: CandidateType | null;
  protocol: TransportProtocol | null;
  /** How the local side reaches its TURN server, when the local candidate is a relay one. */
  relayProtocol: RelayProtocol | null;
  rttMs: number | null;
  jitterMs: number | null;
  /** Cumulative packets lost and expected on what this side receives, and on what it sends (as the peer reports). */
  packetsLostIn: number | null;
  packetsReceivedIn: number | null;
  packetsLostOut: number | null;
  packetsSentOut: number | null;
  /** Loss over the last interval, in percent of the packets expected (0–100). */
  lossInPercent: number | null;
  lossOutPercent: number | null;
  /** Bitrates over the last interval, in kbit/s. */
  bitrateInKbps: number | null;
  bitrateOutKbps: number | null;
  /** Cumulative video figures of what this side receives; freezes as the W3C stats spec defines them. */
  framesDecoded: number | null;
  framesDropped: number | null;
  freezeCount: number | null;
  totalFreezesDurationMs: number | null;
  frameWidth: number | null;
  frameHeight: number | null;
  framesPerSecond: number | null;
  iceRestarts: number;
  availableOutgoingBitrateKbps: number | null;
}

export const QUALITY_SAMPLE_INTERVAL_MS = 10_000;
/** A sample serialises to well under this; more is not a sample. */
export const MAX_QUALITY_SAMPLE_LENGTH = 2048;
/** Largest figure accepted: ten days in ms, 10 Gbit/s in kbit/s, a day of frames — far beyond any real leg. */
const MAX_FIGURE = 1e9;

const CANDIDATE_TYPES: ReadonlySet<string> = new Set(['host', 'srflx', 'prflx', 'relay']);
const PROTOCOLS: ReadonlySet<string> = new Set(['udp', 'tcp']);
const RELAY_PROTOCOLS: ReadonlySet<string> = new Set(['udp', 'tcp', 'tls']);
const OUTCOMES: ReadonlySet<string> = new Set([
  'connecting',
  'connected',
  'failed',
  'never-connected',
  'closed-before-connected',
]);

const FIGURES = [
  'timeToConnectMs',
  'timeToFirstFrameMs',
  'rttMs',
  'jitterMs',
  'packetsLostIn',
  'packetsReceivedIn',
  'packetsLostOut',
  'packetsSentOut',
  'lossInPercent',
  'lossOutPercent',
  'bitrateInKbps',
  'bitrateOutKbps',
  'framesDecoded',
  'framesDropped',
  'freezeCount',
  'totalFreezesDurationMs',
  'frameWidth',
  'frameHeight',
  'framesPerSecond',
  'availableOutgoingBitrateKbps',
] as const satisfies readonly (keyof QualitySample)[];

const KNOWN_KEYS: ReadonlySet<string> = new Set<string>([
  ...FIGURES,
  'peerId',
  'final',
  'outcome',
  'localCandidateType',
  'remoteCandidateType',
  'protocol',
  'relayProtocol',
  'iceRestarts',
]);

export type QualitySampleCheck =
  { ok: true; sample: QualitySample } | { ok: false; tooLarge: boolean; message: string };

function isFigure(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_FIGURE;
}

function isOneOf(set: ReadonlySet<string>, value: unknown): value is string | null {
  return value === null || (typeof value === 'string' && set.has(value));
}

/**
 * Validates the data of a `stats` frame and copies only the known fields. Never throws. A sample
 * that serialises beyond `MAX_QUALITY_SAMPLE_LENGTH` is refused as too large before anything else.
 */
export function checkQualitySample(data: Record<string, unknown>): QualitySampleCheck {
  const fail = (message: string): QualitySampleCheck => ({ ok: false, tooLarge: false, message: `stats: ${message}` });
  if (JSON.stringify(data).length > MAX_QUALITY_SAMPLE_LENGTH) {
    return { ok: false, tooLarge: true, message: `stats: a sample is at most ${MAX_QUALITY_SAMPLE_LENGTH} bytes` };
  }
  for (const key of Object.keys(data)) if (!KNOWN_KEYS.has(key)) return fail(`unknown field "${key.slice(0, 32)}"`);
  const peerId = data['peerId'];
  if (typeof peerId !== 'string' || peerId.length === 0 || peerId.length > 64)
    return fail('"peerId" must be a peer id');
  if (typeof data['final'] !== 'boolean') return fail('"final" must be a boolean');
  if (typeof data['outcome'] !== 'string' || !OUTCOMES.has(data['outcome']))
    return fail('"outcome" is not a leg outcome');
  if (!isOneOf(CANDIDATE_TYPES, data['localCandidateType'] ?? null))
    return fail('"localCandidateType" is not a candidate type');
  if (!isOneOf(CANDIDATE_TYPES, data['remoteCandidateType'] ?? null))
    return fail('"remoteCandidateType" is not a candidate type');
  if (!isOneOf(PROTOCOLS, data['protocol'] ?? null)) return fail('"protocol" must be udp or tcp');
  if (!isOneOf(RELAY_PROTOCOLS, data['relayProtocol'] ?? null)) return fail('"relayProtocol" must be udp, tcp or tls');
  const iceRestarts = data['iceRestarts'] ?? 0;
  if (!isFigure(iceRestarts) || !Number.isInteger(iceRestarts)) return fail('"iceRestarts" must be a count');
  const sample = {
    peerId,
    final: data['final'],
    outcome: data['outcome'] as LegOutcome,
    localCandidateType: (data['localCandidateType'] ?? null) as CandidateType | null,
    remoteCandidateType: (data['remoteCandidateType'] ?? null) as CandidateType | null,
    protocol: (data['protocol'] ?? null) as TransportProtocol | null,
    relayProtocol: (data['relayProtocol'] ?? null) as RelayProtocol | null,
    iceRestarts,
  } as QualitySample;
  for (const key of FIGURES) {
    const value = data[key] ?? null;
    if (value !== null && !isFigure(value)) return fail(`"${key}" must be a number from 0 to ${MAX_FIGURE}, or null`);
    sample[key] = value;
  }
  if (sample.lossInPercent !== null && sample.lossInPercent > 100) return fail('"lossInPercent" is at most 100');
  if (sample.lossOutPercent !== null && sample.lossOutPercent > 100) return fail('"lossOutPercent" is at most 100');
  return { ok: true, sample };
}
