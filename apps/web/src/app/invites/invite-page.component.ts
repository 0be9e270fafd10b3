import { HttpErrorResponse } from '@angular/common/http';
import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { ApiErrorCode } from '@webrtc-call/signaling-contracts';
import { apiErrorMessage } from '../core/api-error';
import { AuthService } from '../core/auth.service';

/** Why following the link failed, in words. */
function redeemError(error: unknown): string {
  if (error instanceof HttpErrorResponse) {
    const code: unknown = (error.error as { code?: unknown } | null)?.code;
    if (code === ApiErrorCode.InviteInvalid) {
      return 'This invite link does not work any more: it may have expired, been used up or been revoked. Ask the host for a new one.';
    }
    if (error.status === 429) return 'Too many attempts from this network. Wait a minute, then try again.';
  }
  return apiErrorMessage(error, 'Could not open the invite. Try again.');
}

/**
 * Where an invite link (`/invite#<secret>`) lands: no account needed, just a name. The secret sits in the
 * fragment, which the browser never sends to the server, and goes only into the request body.
 */
@Component({
  selector: 'app-invite-page',
  imports: [FormsModule],
  template: `
    <main class="page invite">
      <h1>Join a video call</h1>
      @if (secret) {
        <form class="card" (ngSubmit)="join()">
          <h2>You were invited to a call</h2>
          <p class="hint">No account needed. The host lets you in once you knock.</p>
          @if (error(); as message) {
            <p class="error" role="alert" data-testid="invite-error">{{ message }}</p>
          }
          <div class="field">
            <label for="guest-name">Your name</label>
            <input
              id="guest-name"
              name="displayName"
              type="text"
              maxlength="64"
              autocomplete="name"
              required
              data-testid="guest-name"
              [(ngModel)]="displayName"
            />
          </div>
          <button type="submit" data-testid="guest-join" [disabled]="busy() || !displayName.trim()">Continue</button>
        </form>
      } @else {
        <p class="card" role="alert" data-testid="invite-missing">
          This page needs the whole invite link, including everything after “#”. Open the link you were sent again.
        </p>
      }
    </main>
  `,
  styles: `
    .invite {
      max-width: 28rem;
      padding-top: 3rem;
    }
    h1 {
      text-align: center;
    }
    h2 {
      font-size: 1.15rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InvitePageComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly secret = decodeURIComponent(inject(DOCUMENT).location.hash.replace(/^#/, ''));
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected displayName = '';

  protected join(): void {
    const displayName = this.displayName.trim();
    if (!displayName || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    this.auth.redeemInvite({ secret: this.secret, displayName }).subscribe({
      next: (session) => void this.router.navigate(['/call', session.guest.roomId]),
      error: (error: unknown) => {
        this.busy.set(false);
        this.error.set(redeemError(error));
      },
    });
  }
}
