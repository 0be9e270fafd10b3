import { HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { ApiErrorCode, RoomView } from '@webrtc-call/signaling-contracts';
import { catchError, map, Observable, of, Subscription } from 'rxjs';
import { AuthService } from '../core/auth.service';
import { RoomsService } from '../rooms/rooms.service';

/** Why a removal did not happen; the page words it. */
export type RemovalFailure = 'not-room-owner' | 'peer-not-found' | 'failed';

function removalFailure(error: unknown): RemovalFailure {
  if (!(error instanceof HttpErrorResponse)) return 'failed';
  const code: unknown = (error.error as { code?: unknown } | null)?.code;
  if (code === ApiErrorCode.NotRoomOwner || error.status === 403) return 'not-room-owner';
  if (code === ApiErrorCode.PeerNotFound || error.status === 404) return 'peer-not-found';
  return 'failed';
}

/**
 * Moderation from inside a call: the room's owner and administrators may remove a participant, whose
 * account is then barred from the room. The removed seat leaves through the server's `peer-leave`, like
 * anyone else's, so this service keeps no copy of the roster. Provided by the call page.
 */
@Injectable()
export class CallModerationService {
  private readonly rooms = inject(RoomsService);
  private readonly auth = inject(AuthService);
  private readonly roomState = signal<RoomView | null>(null);
  private loading = Subscription.EMPTY;

  readonly room = this.roomState.asReadonly();
  /** Whether this person may remove others from the call. */
  readonly canModerate = computed(() => {
    const user = this.auth.currentUser();
    const room = this.roomState();
    return user !== null && room !== null && (user.role === 'admin' || user.id === room.ownerId);
  });

  /** Learns who owns the room. Until that is known, or if it cannot be, nobody is offered moderation. */
  load(roomId: string): void {
    this.loading.unsubscribe();
    this.roomState.set(null);
    this.loading = this.rooms.get(roomId).subscribe({
      next: (room) => this.roomState.set(room),
      // The join itself reports a room that is gone; here it only means no Remove buttons.
      error: () => undefined,
    });
  }

  /** Makes the peer's account a moderator of the room; emits whether the server agreed. */
  makeModerator(userId: string): Observable<boolean> {
    const room = this.roomState();
    if (!room) return of(false);
    return this.rooms.makeModerator(room.id, userId).pipe(
      map(() => true),
      catchError(() => of(false)),
    );
  }

  /** Removes the peer from the call; emits null once the server agreed, or why it did not. */
  remove(peerId: string): Observable<RemovalFailure | null> {
    const room = this.roomState();
    if (!room) return of('failed');
    return this.rooms.removeParticipant(room.id, peerId).pipe(
      map(() => null),
      catchError((error: unknown) => of(removalFailure(error))),
    );
  }
}
