import type { PeerInfo } from '@webrtc-call/signaling-contracts';
import type { Observable } from 'rxjs';
import type { AuthUser } from '../../common/auth-user';
import type { Seat, SeatLimits, SeatSocket } from './seat';

/** A seat of another instance that instance can no longer look after: held for a resume, or gone. */
export interface Departure {
  roomId: string;
  peer: PeerInfo;
  /** `held`: kept for its resume window (`peer.reconnecting`); `left`: freed. */
  kind: 'held' | 'left';
}

/**
 * Who sits where: seats by room, capacity, and the seats held for a resume. The room rules ask it;
 * they never keep their own copy. In-memory for one process (`LocalPresence`), or shared by instances
 * through Redis (`RedisPresence`). The `Seat` objects it hands out are this instance's; what it knows
 * of other instances' seats comes back as `PeerInfo`.
 */
export interface Presence {
  /** Seats `seat` unless its room already holds `seat.capacity` seats; atomic among concurrent claims. */
  claim(seat: Seat): Promise<boolean>;
  /** Takes the seat out of its room and releases it; false when it was not seated. Decided at once. */
  vacate(seat: Seat): boolean;
  /** The seat's peer info changed (mute): other instances see it too. */
  updated(seat: Seat): void;
  /**
   * Hands the seat behind `resumeToken` to `socket`, if it belongs to that user and room, wherever it
   * was held; a seat from another instance arrives here with its peer id and the frames kept for it.
   */
  resume(
    resumeToken: string,
    user: AuthUser,
    roomId: string,
    socket: SeatSocket,
    limits: SeatLimits,
  ): Promise<Seat | null>;
  /** A seat of `roomId` on this instance; seats of other rooms are invisible. */
  member(roomId: string, peerId: string): Seat | undefined;
  /** This instance's seats of `roomId`. */
  members(roomId: string): Seat[];
  /** The user's seats on this instance, in any room, joined or held. */
  seatsOf(userId: string): Seat[];
  /** Everyone in `roomId`, on any instance. */
  roster(roomId: string): Promise<PeerInfo[]>;
  /** Rooms with someone in them and people in rooms, over all instances. */
  totals(): Promise<{ rooms: number; participants: number }>;
  /** Rooms with a seat on this instance (a gauge of this process). */
  roomCount(): number;
  /** Seats on this instance (a gauge of this process). */
  totalParticipants(): number;
  /**
   * Frees the seats of `roomId` (of `userId` only, when given) that dead instances left held, and
   * returns who they were; seats of live instances are theirs to free.
   */
  forgetHeld(roomId: string, userId?: string): Promise<PeerInfo[]>;
  /** Every seat of this instance, for shutdown. */
  all(): Seat[];
  /** Seats other instances left behind when they died. */
  readonly departures$: Observable<Departure>;
}

export const PRESENCE = Symbol('Presence');
