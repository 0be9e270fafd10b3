export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

export interface GatheredCandidate {
  type: CandidateType;
  protocol: string;
  address: string;
  port: number | null;
  /** Seconds after the start of gathering. */
  atMs: number;
  raw: string;
}

export interface CandidateError {
  url: string;
  errorCode: number;
  errorText: string;
}

export interface GatheringResult {
  candidates: GatheredCandidate[];
  errors: CandidateError[];
  durationMs: number;
  timedOut: boolean;
}

export type Verdict = 'turn-works' | 'turn-unreachable' | 'credentials-rejected' | 'no-turn';

export const VERDICT_TEXT: Record<Verdict, string> = {
  'turn-works': 'TURN works',
  'turn-unreachable': 'TURN unreachable',
  'credentials-rejected': 'credentials rejected',
  'no-turn': 'no TURN configured',
};

/** STUN/TURN "401 Unauthorized", reported by icecandidateerror when the TURN server refuses the credentials. */
export const TURN_UNAUTHORIZED = 401;

export function hasTurnServer(iceServers: readonly { urls: string | string[] }[]): boolean {
  return iceServers.some((server) =>
    (Array.isArray(server.urls) ? server.urls : [server.urls]).some((url) => /^turns?:/i.test(url)),
  );
}

/** Reads `candidate:<foundation> <component> <protocol> <priority> <address> <port> typ <type> …`. */
export function parseCandidate(raw: string, atMs: number): GatheredCandidate | null {
  const parts = raw.replace(/^a=/, '').split(/\s+/);
  const typIndex = parts.indexOf('typ');
  if (typIndex < 0 || parts.length < 8) return null;
  const type = parts[typIndex + 1] as CandidateType;
  if (!['host', 'srflx', 'prflx', 'relay'].includes(type)) return null;
  const port = Number(parts[5]);
  return {
    type,
    protocol: parts[2].toLowerCase(),
    address: parts[4],
    port: Number.isFinite(port) ? port : null,
    atMs,
    raw,
  };
}

export function connectivityVerdict(turnConfigured: boolean, result: GatheringResult): Verdict {
  if (!turnConfigured) return 'no-turn';
  if (result.candidates.some((c) => c.type === 'relay')) return 'turn-works';
  if (result.errors.some((e) => e.errorCode === TURN_UNAUTHORIZED)) return 'credentials-rejected';
  return 'turn-unreachable';
}
