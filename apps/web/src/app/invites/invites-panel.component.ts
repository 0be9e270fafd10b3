import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { InviteView } from '@webrtc-call/signaling-contracts';
import { apiErrorMessage } from '../core/api-error';
import { inviteLink, InvitesService } from './invites.service';

const EXPIRY_CHOICES = [
  { label: 'Never (until revoked)', seconds: 0 },
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 86400 },
  { label: '7 days', seconds: 7 * 86400 },
];

/** A room's invite links: make one with limits, see how often each was used, revoke any. */
@Component({
  selector: 'app-invites-panel',
  imports: [FormsModule, DatePipe],
  template: `
    <section class="invites" aria-labelledby="invites-title">
      <h2 id="invites-title">Invite links</h2>
      <form class="new" (ngSubmit)="create()">
        <label for="invite-expiry">Expires</label>
        <select id="invite-expiry" name="expiry" [(ngModel)]="expiry">
          @for (choice of expiryChoices; track choice.seconds) {
            <option [ngValue]="choice.seconds">{{ choice.label }}</option>
          }
        </select>
        <label for="invite-uses">Guests at most (empty: any)</label>
        <input id="invite-uses" name="maxUses" type="number" min="1" max="1000" [(ngModel)]="maxUses" />
        <button type="submit" data-testid="create-invite">Create link</button>
      </form>
      @if (created(); as link) {
        <label for="created-invite">New link (shown once)</label>
        <input id="created-invite" type="text" readonly data-testid="created-invite" [value]="link" />
      }
      @if (error(); as message) {
        <p class="error" role="alert">{{ message }}</p>
      }
      <ul data-testid="invite-list">
        @for (invite of invites(); track invite.id) {
          <li data-testid="invite-item">
            <span
              >Created {{ invite.createdAt | date: 'short' }} · used {{ invite.uses
              }}{{ invite.maxUses ? ' of ' + invite.maxUses : '' }} ·
              {{ invite.expiresAt ? 'expires ' + (invite.expiresAt | date: 'short') : 'no expiry' }}</span
            >
            <button type="button" class="secondary" data-testid="revoke-invite" (click)="revoke(invite)">Revoke</button>
          </li>
        } @empty {
          <li>No invite links yet.</li>
        }
      </ul>
    </section>
  `,
  styles: `
    .invites {
      padding: 0.75rem;
    }
    h2 {
      font-size: 1.05rem;
    }
    .new {
      display: grid;
      gap: 0.3rem;
      margin-bottom: 0.75rem;
    }
    ul {
      list-style: none;
      padding: 0;
      margin: 0.75rem 0 0;
      display: grid;
      gap: 0.5rem;
    }
    li {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: center;
      justify-content: space-between;
    }
    input[readonly] {
      width: 100%;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class InvitesPanelComponent implements OnInit {
  private readonly service = inject(InvitesService);

  readonly roomId = input.required<string>();

  protected readonly expiryChoices = EXPIRY_CHOICES;
  protected readonly invites = signal<InviteView[]>([]);
  protected readonly created = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected expiry = 0;
  protected maxUses: number | null = null;

  ngOnInit(): void {
    this.reload();
  }

  protected create(): void {
    const request = {
      ...(this.expiry ? { expiresInSeconds: this.expiry } : {}),
      ...(this.maxUses ? { maxUses: this.maxUses } : {}),
    };
    this.service.create(this.roomId(), request).subscribe({
      next: (invite) => {
        this.created.set(inviteLink(invite.secret));
        this.reload();
      },
      error: (error: unknown) => this.error.set(apiErrorMessage(error, 'Could not create the link.')),
    });
  }

  protected revoke(invite: InviteView): void {
    this.service.revoke(this.roomId(), invite.id).subscribe({
      next: () => this.reload(),
      error: (error: unknown) => this.error.set(apiErrorMessage(error, 'Could not revoke the link.')),
    });
  }

  private reload(): void {
    this.service.list(this.roomId()).subscribe({
      next: (invites) => {
        this.error.set(null);
        this.invites.set(invites);
      },
      error: (error: unknown) => this.error.set(apiErrorMessage(error, 'Could not load the invite links.')),
    });
  }
}
