import type { PeerInfo } from '@webrtc-call/signaling-contracts';
import type { Seat, SeatSocket } from './seat';

/**
 * Who sits where: seats by room, capacity, and the seats held for a resume. The room rules ask it;
 * they never keep their own copy. In-memory for one process (`LocalPresence`).
 */
export interface Presence {
  /** Seats `seat` unless its room already holds `seat.capacity` seats; atomic among concurrent claims. */
  claim(seat: Seat): Promise<boolean>;
  /** Takes the seat out of its room and releases it; false when it was not seated. */
  vacate(seat: Seat): boolean;
  /** Hands the seat behind `resumeToken` to `socket`, if it belongs to that user and room. */
  resume(resumeToken: string, userId: string, roomId: string, socket: SeatSocket): Seat | null;
  /** A seat of `roomId`; seats of other rooms are invisible. */
  member(roomId: string, peerId: string): Seat | undefined;
  members(roomId: string): Seat[];
  /** The user's seats, in any room, joined or held. */
  seatsOf(userId: string): Seat[];
  participantCount(roomId: string): number;
  participants(roomId: string): PeerInfo[];
  roomCount(): number;
  totalParticipants(): number;
  /** Every seat, for shutdown. */
  all(): Seat[];
}

export const PRESENCE = Symbol('Presence');
