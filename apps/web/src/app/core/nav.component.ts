import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { Router, RouterLink, RouterLinkActive } from '@angular/router';
import { AuthService } from './auth.service';

/** Top navigation of the pages outside a call. */
@Component({
  selector: 'app-nav',
  imports: [RouterLink, RouterLinkActive],
  template: `
    <nav class="nav" aria-label="Main">
      <a routerLink="/rooms" routerLinkActive="active" ariaCurrentWhenActive="page">Rooms</a>
      <a routerLink="/connectivity" routerLinkActive="active" ariaCurrentWhenActive="page">Connectivity check</a>
      @if (isAdmin()) {
        <a routerLink="/admin" routerLinkActive="active" ariaCurrentWhenActive="page" data-testid="nav-admin">Admin</a>
      }
      <span class="who" data-testid="current-user">
        Logged in as <strong>{{ user()?.displayName || user()?.username }}</strong>
      </span>
      <button type="button" class="secondary" data-testid="logout" (click)="logout()">Log out</button>
    </nav>
  `,
  styles: `
    .nav {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
      margin-bottom: 1.25rem;
    }
    a {
      font-weight: 600;
      text-decoration: none;
      padding: 0.25rem 0;
      border-bottom: 2px solid transparent;
    }
    a.active {
      border-bottom-color: var(--accent);
    }
    .who {
      margin-left: auto;
      color: var(--muted);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NavComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly user = this.auth.currentUser;
  protected readonly isAdmin = computed(() => this.auth.currentUser()?.role === 'admin');

  protected logout(): void {
    this.auth.logout();
    void this.router.navigate(['/login']);
  }
}
