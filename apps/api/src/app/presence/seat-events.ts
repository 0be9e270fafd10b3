import { Injectable } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import type { Seat } from './seat';

/** A seat was given to someone newly admitted (not a resume: a resume keeps the seat and its peer id). */
export interface SeatJoined {
  kind: 'joined';
  roomId: string;
  peerId: string;
  /** Null for a guest. */
  userId: string | null;
  displayName: string;
  guest: boolean;
}

/** A seat is gone for good: left, expired after its resume window, removed, or its room closed. */
export interface SeatReleased {
  kind: 'released';
  roomId: string;
  peerId: string;
}

export type SeatEvent = SeatJoined | SeatReleased;

/**
 * The seat lifecycle as others may follow it (call records), without reaching into the room rules.
 * Emitted after the fact, synchronously and cheaply: listeners do their own (asynchronous) work.
 */
@Injectable()
export class SeatEvents {
  private readonly subject = new Subject<SeatEvent>();
  readonly events$: Observable<SeatEvent> = this.subject.asObservable();

  joined(seat: Seat): void {
    const guest = seat.user.guest !== undefined;
    this.subject.next({
      kind: 'joined',
      roomId: seat.roomId,
      peerId: seat.id,
      userId: guest ? null : seat.user.id,
      displayName: seat.user.displayName,
      guest,
    });
  }

  released(roomId: string, peerId: string): void {
    this.subject.next({ kind: 'released', roomId, peerId });
  }
}
