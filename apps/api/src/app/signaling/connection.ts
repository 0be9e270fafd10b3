import type { ServerMessage } from '@webrtc-call/signaling-contracts';
import type { AuthUser } from '../../common/auth-user';
import type { Peer, PeerTransport } from '../presence/peer';

export interface RateLimit {
  perSecond: number;
  burst: number;
}

/** One open signaling socket: its user, its seat (if joined), its liveness and its message budget. */
export class Connection {
  peer: Peer | null = null;
  /** Set while a join waits for the database, so a second join cannot race it. */
  joining = false;
  lastSeenMs: number;
  /** Set when the server closes the socket for silence: such a peer leaves at once, without a resume window. */
  timedOut = false;
  private tokens: number;
  private refilledAtMs: number;

  constructor(
    readonly user: AuthUser,
    readonly transport: PeerTransport,
    private readonly limit: RateLimit,
    nowMs = Date.now(),
  ) {
    this.tokens = limit.burst;
    this.refilledAtMs = nowMs;
    this.lastSeenMs = nowMs;
  }

  /** Token bucket: false when the socket has used up its burst and its sustained rate. */
  take(nowMs: number): boolean {
    const elapsed = nowMs - this.refilledAtMs;
    if (elapsed > 0) {
      this.tokens = Math.min(this.limit.burst, this.tokens + (elapsed * this.limit.perSecond) / 1000);
      this.refilledAtMs = nowMs;
    }
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  send(message: ServerMessage): void {
    this.transport.send(message);
  }

  close(code: number, reason: string): void {
    this.transport.close(code, reason);
  }
}

/** Unbinds `peer` from whichever of `connections` holds it (that socket stays open, seatless). */
export function unseat(peer: Peer, connections: Iterable<Connection>): void {
  for (const conn of connections) if (conn.peer === peer) conn.peer = null;
}
