import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { CreateRoomRequest, RoomView } from '@webrtc-call/signaling-contracts';
import { catchError, EMPTY, Subject, switchMap, timer } from 'rxjs';
import { apiErrorMessage } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { NavComponent } from '../core/nav.component';
import { roomIdFromInput, roomLink } from './room-link';
import { RoomsService } from './rooms.service';

type CopyState = 'idle' | 'copied' | 'failed';
const COPY_FEEDBACK_MS = 2500;
/** How often the list refreshes so the participant counts stay live. */
export const ROOMS_REFRESH_MS = 10000;
export const CAPACITIES = [2, 3, 4, 5, 6, 7, 8];

@Component({
  selector: 'app-rooms-page',
  imports: [ReactiveFormsModule, RouterLink, NavComponent],
  templateUrl: './rooms-page.component.html',
  styleUrl: './rooms-page.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RoomsPageComponent {
  private readonly auth = inject(AuthService);
  private readonly rooms = inject(RoomsService);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  private readonly formBuilder = inject(FormBuilder).nonNullable;
  private readonly refresh$ = new Subject<void>();
  private copyTimer: ReturnType<typeof setTimeout> | undefined;

  protected readonly capacities = CAPACITIES;
  protected readonly createForm = this.formBuilder.group({
    roomName: '',
    capacity: 4,
    roomPassword: '',
    isPublic: false,
  });
  protected readonly openForm = this.formBuilder.group({ roomRef: '' });

  protected readonly list = signal<readonly RoomView[] | null>(null);
  protected readonly listError = signal<string | null>(null);
  protected readonly creating = signal(false);
  protected readonly createError = signal<string | null>(null);
  protected readonly copied = signal<{ roomId: string; state: CopyState } | null>(null);
  protected readonly opening = signal(false);
  protected readonly openError = signal<string | null>(null);
  protected readonly userId = computed(() => this.auth.currentUser()?.id ?? null);

  constructor() {
    this.destroyRef.onDestroy(() => clearTimeout(this.copyTimer));
    this.refresh$
      .pipe(
        switchMap(() => timer(0, ROOMS_REFRESH_MS)),
        switchMap(() =>
          this.rooms.list().pipe(
            catchError((error: unknown) => {
              this.listError.set(apiErrorMessage(error, 'Could not load the rooms.'));
              return EMPTY;
            }),
          ),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((page) => {
        this.listError.set(null);
        this.list.set(page.items);
      });
    this.refresh$.next();
  }

  protected link(room: RoomView): string {
    return roomLink(room.id);
  }

  protected createRoom(): void {
    const { roomName, capacity, roomPassword, isPublic } = this.createForm.getRawValue();
    const name = roomName.trim();
    if (!name) {
      this.createError.set('Give the room a name.');
      return;
    }
    if (this.creating()) return;
    const request: CreateRoomRequest = { name, capacity: Number(capacity), isPublic };
    if (roomPassword) request.password = roomPassword;
    this.creating.set(true);
    this.createError.set(null);
    this.rooms
      .create(request)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        // Straight into the new room's lobby: the call page has the invite link.
        next: (room) => void this.router.navigate(['/call', room.id]),
        error: (error: unknown) => {
          this.creating.set(false);
          this.createError.set(apiErrorMessage(error, 'Could not create the room.'));
        },
      });
  }

  protected copyLink(roomId: string): void {
    const link = roomLink(roomId);
    if (!navigator.clipboard) return this.showCopyState(roomId, 'failed');
    navigator.clipboard.writeText(link).then(
      () => this.showCopyState(roomId, 'copied'),
      () => this.showCopyState(roomId, 'failed'),
    );
  }

  protected copyState(roomId: string): CopyState {
    const copied = this.copied();
    return copied?.roomId === roomId ? copied.state : 'idle';
  }

  protected deleteRoom(room: RoomView): void {
    if (!confirm(`Delete “${room.name}”? Anyone in its call is disconnected.`)) return;
    this.rooms
      .remove(room.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.list.update((rooms) => rooms?.filter((r) => r.id !== room.id) ?? null);
        },
        error: (error: unknown) => this.listError.set(apiErrorMessage(error, 'Could not delete the room.')),
      });
  }

  protected openRoom(): void {
    const id = roomIdFromInput(this.openForm.controls.roomRef.value);
    if (!id) {
      this.openError.set('Paste a room link (…/call/<id>) or a room id.');
      return;
    }
    if (this.opening()) return;
    this.opening.set(true);
    this.openError.set(null);
    this.rooms
      .get(id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (room) => {
          this.opening.set(false);
          void this.router.navigate(['/call', room.id]);
        },
        error: (error: unknown) => {
          this.opening.set(false);
          this.openError.set(apiErrorMessage(error, 'Could not open that room.'));
        },
      });
  }

  private showCopyState(roomId: string, state: CopyState): void {
    this.copied.set({ roomId, state });
    clearTimeout(this.copyTimer);
    this.copyTimer = setTimeout(() => this.copied.set(null), COPY_FEEDBACK_MS);
  }
}
