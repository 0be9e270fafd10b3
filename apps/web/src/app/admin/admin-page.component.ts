import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { AdminRoomView, AdminStats, UserView } from '@webrtc-call/signaling-contracts';
import { catchError, EMPTY, Observable, switchMap, timer } from 'rxjs';
import { apiErrorMessage } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { NavComponent } from '../core/nav.component';
import { AdminService } from './admin.service';
import { CallQualityComponent } from './call-quality.component';
import { RecentCallsComponent } from './recent-calls.component';

export const ADMIN_REFRESH_MS = 5000;

/** Administration: accounts (disable, promote), live rooms (close, kick), server numbers and call quality. */
@Component({
  selector: 'app-admin-page',
  imports: [FormsModule, NavComponent, CallQualityComponent, RecentCallsComponent],
  templateUrl: './admin-page.component.html',
  styleUrl: './admin-page.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminPageComponent {
  private readonly admin = inject(AdminService);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly selfId = inject(AuthService).currentUser()?.id ?? null;
  protected readonly users = signal<readonly UserView[] | null>(null);
  protected readonly rooms = signal<readonly AdminRoomView[] | null>(null);
  protected readonly stats = signal<AdminStats | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly statsError = signal<string | null>(null);
  protected query = '';

  constructor() {
    this.searchUsers();
    timer(0, ADMIN_REFRESH_MS)
      .pipe(
        switchMap(() => this.admin.stats().pipe(catchError((e: unknown) => this.failed(e, this.statsError)))),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((stats) => {
        this.statsError.set(null);
        this.stats.set(stats);
      });
    timer(0, ADMIN_REFRESH_MS)
      .pipe(
        switchMap(() => this.admin.rooms().pipe(catchError((e: unknown) => this.failed(e, this.error)))),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((page) => this.rooms.set(page.items));
  }

  protected searchUsers(): void {
    this.admin
      .users(this.query)
      .pipe(
        catchError((e: unknown) => this.failed(e, this.error)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((page) => this.users.set(page.items));
  }

  protected setDisabled(user: UserView, disabled: boolean): void {
    this.updateUser(user, { disabled });
  }

  protected setAdmin(user: UserView, admin: boolean): void {
    this.updateUser(user, { role: admin ? 'admin' : 'user' });
  }

  protected closeRoom(room: AdminRoomView): void {
    if (!confirm(`Close “${room.name}”? Everyone in its call is disconnected and the room is deleted.`)) return;
    this.run(this.admin.closeRoom(room.id), () =>
      this.rooms.update((rooms) => rooms?.filter((r) => r.id !== room.id) ?? null),
    );
  }

  protected kick(room: AdminRoomView, peerId: string): void {
    this.run(this.admin.kick(room.id, peerId), () =>
      this.rooms.update(
        (rooms) =>
          rooms?.map((r) => (r.id === room.id ? { ...r, peers: r.peers.filter((p) => p.peerId !== peerId) } : r)) ??
          null,
      ),
    );
  }

  protected uptime(seconds: number): string {
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    return h ? `${h} h ${m} min` : `${m} min`;
  }

  private updateUser(user: UserView, changes: { disabled?: boolean; role?: 'admin' | 'user' }): void {
    this.run(this.admin.updateUser(user.id, changes), (updated: UserView) =>
      this.users.update((users) => users?.map((u) => (u.id === updated.id ? updated : u)) ?? null),
    );
  }

  private run<T>(request: Observable<T>, done: (value: T) => void): void {
    this.error.set(null);
    request
      .pipe(
        catchError((e: unknown) => this.failed(e, this.error)),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe(done);
  }

  private failed(error: unknown, target: { set(value: string | null): void }): Observable<never> {
    target.set(apiErrorMessage(error, 'The request failed.'));
    return EMPTY;
  }
}
