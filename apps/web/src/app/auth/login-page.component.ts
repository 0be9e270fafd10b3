import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { map, Observable } from 'rxjs';
import { UserView } from '@webrtc-call/signaling-contracts';
import { apiErrorMessage, apiFieldErrors } from '../core/api-error';
import { AuthService, LOGIN_REASON_PARAM, SESSION_EXPIRED } from '../core/auth.service';
import { safeReturnUrl } from '../core/safe-return-url';

type AuthAction = 'login' | 'register';
const FIELDS = ['username', 'password', 'displayName'] as const;
type Field = (typeof FIELDS)[number];

@Component({
  selector: 'app-login-page',
  imports: [ReactiveFormsModule],
  templateUrl: './login-page.component.html',
  styleUrl: './login-page.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginPageComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly form = inject(FormBuilder).nonNullable.group({
    username: '',
    password: '',
    displayName: '',
  });
  protected readonly pending = signal<AuthAction | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly fieldErrors = signal<Partial<Record<Field, string>>>({});
  /** The app sent the person here because the server no longer accepts their session. */
  protected readonly sessionExpired = toSignal(
    this.route.queryParamMap.pipe(map((params) => params.get(LOGIN_REASON_PARAM) === SESSION_EXPIRED)),
    { initialValue: false },
  );

  protected login(): void {
    const { username, password } = this.form.getRawValue();
    this.run('login', () => this.auth.login({ username: username.trim(), password }));
  }

  protected register(): void {
    const { username, password, displayName } = this.form.getRawValue();
    this.run('register', () => this.auth.register({ username: username.trim(), password, displayName }));
  }

  private run(action: AuthAction, request: () => Observable<UserView>): void {
    if (this.pending()) return;
    const { username, password } = this.form.getRawValue();
    if (!username.trim() || !password) {
      this.error.set('Enter a username and a password.');
      return;
    }
    this.pending.set(action);
    this.error.set(null);
    this.fieldErrors.set({});
    request()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.pending.set(null);
          const returnUrl = safeReturnUrl(this.route.snapshot.queryParamMap.get('returnUrl'));
          void this.router.navigateByUrl(returnUrl);
        },
        error: (error: unknown) => {
          this.pending.set(null);
          this.fieldErrors.set(apiFieldErrors(error, FIELDS));
          this.error.set(
            apiErrorMessage(error, action === 'login' ? 'Could not log in.' : 'Could not create the account.'),
          );
        },
      });
  }
}
