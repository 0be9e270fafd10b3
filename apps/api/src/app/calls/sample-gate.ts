/** One accepted sample per leg and sender per this long; a leg's final sample may come sooner, once. */
export const MIN_SAMPLE_SPACING_MS = 2000;
/** Peers one seat may report on: more than any room holds. */
const MAX_LEGS_PER_SEAT = 16;
/**
 * Seats remembered at most. A seat that moved to another instance (a resume there) is never released
 * here: the oldest entries go first, so such leftovers cannot pile up.
 */
export const MAX_SEATS = 10_000;

interface LegGate {
  lastMs: number;
  finalTaken: boolean;
}

/** What a seat has shown so far, for the join funnel: each stage counted once per seat. */
export interface SeatProgress {
  connected: boolean;
  flowing: boolean;
  /** Legs (by peer) whose time to connect and candidate pair were counted. */
  counted: Set<string>;
}

/**
 * The write budget of each seat of this instance: how often it may report on each of its legs, and
 * what it reached. Kept in memory by sender peer id, forgotten when the seat is released.
 */
export class SampleGate {
  private readonly seats = new Map<string, { legs: Map<string, LegGate>; progress: SeatProgress }>();

  /** True when the sample may be taken (and the slot is spent); false when it comes too soon. */
  admit(sender: string, peer: string, final: boolean, nowMs: number): boolean {
    const seat = this.seatOf(sender);
    const gate = seat.legs.get(peer);
    if (!gate) {
      if (seat.legs.size >= MAX_LEGS_PER_SEAT) this.prune(seat.legs, nowMs);
      if (seat.legs.size >= MAX_LEGS_PER_SEAT) return false;
      seat.legs.set(peer, { lastMs: nowMs, finalTaken: final });
      return true;
    }
    const early = nowMs - gate.lastMs < MIN_SAMPLE_SPACING_MS;
    if (early && (!final || gate.finalTaken)) return false;
    gate.lastMs = nowMs;
    if (final) gate.finalTaken = true;
    return true;
  }

  progress(sender: string): SeatProgress {
    return this.seatOf(sender).progress;
  }

  forget(sender: string): void {
    this.seats.delete(sender);
  }

  get size(): number {
    return this.seats.size;
  }

  private seatOf(sender: string) {
    let seat = this.seats.get(sender);
    if (!seat) {
      seat = { legs: new Map(), progress: { connected: false, flowing: false, counted: new Set() } };
      if (this.seats.size >= MAX_SEATS) this.seats.delete(this.seats.keys().next().value as string);
      this.seats.set(sender, seat);
    }
    return seat;
  }

  private prune(legs: Map<string, LegGate>, nowMs: number): void {
    for (const [peer, gate] of legs) if (nowMs - gate.lastMs >= MIN_SAMPLE_SPACING_MS) legs.delete(peer);
  }
}
