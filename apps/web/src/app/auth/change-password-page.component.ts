import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { apiErrorMessage, apiFieldErrors } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { safeReturnUrl } from '../core/safe-return-url';

const FIELDS = ['currentPassword', 'newPassword'] as const;
type Field = (typeof FIELDS)[number];
const MIN_LENGTH = 8;

/** Where an account with a generated password lands after login, before anything else. */
@Component({
  selector: 'app-change-password-page',
  imports: [ReactiveFormsModule],
  templateUrl: './change-password-page.component.html',
  styleUrl: './change-password-page.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChangePasswordPageComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly required = this.auth.mustChangePassword;
  protected readonly form = inject(FormBuilder).nonNullable.group({
    currentPassword: '',
    newPassword: '',
    confirmPassword: '',
  });
  protected readonly pending = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly fieldErrors = signal<Partial<Record<Field | 'confirmPassword', string>>>({});

  protected submit(): void {
    if (this.pending()) return;
    const { currentPassword, newPassword, confirmPassword } = this.form.getRawValue();
    const problems = this.check(currentPassword, newPassword, confirmPassword);
    this.fieldErrors.set(problems);
    if (Object.keys(problems).length > 0) {
      this.error.set('Check the highlighted fields.');
      return;
    }
    this.pending.set(true);
    this.error.set(null);
    this.auth
      .changePassword({ currentPassword, newPassword })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.pending.set(false);
          const returnUrl = safeReturnUrl(this.route.snapshot.queryParamMap.get('returnUrl'));
          void this.router.navigateByUrl(returnUrl.startsWith('/password') ? '/rooms' : returnUrl);
        },
        error: (error: unknown) => {
          this.pending.set(false);
          this.fieldErrors.set(apiFieldErrors(error, FIELDS));
          this.error.set(apiErrorMessage(error, 'Could not change the password.'));
        },
      });
  }

  protected logout(): void {
    this.auth.logout();
    void this.router.navigate(['/login']);
  }

  private check(current: string, next: string, confirm: string): Partial<Record<Field | 'confirmPassword', string>> {
    const problems: Partial<Record<Field | 'confirmPassword', string>> = {};
    if (!current) problems.currentPassword = 'Enter the password you logged in with.';
    if (next.length < MIN_LENGTH) problems.newPassword = `The new password needs at least ${MIN_LENGTH} characters.`;
    else if (next === current) problems.newPassword = 'The new password must differ from the current one.';
    if (confirm !== next) problems.confirmPassword = 'The two new passwords differ.';
    return problems;
  }
}
