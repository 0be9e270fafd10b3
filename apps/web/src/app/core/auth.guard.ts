import { HttpErrorResponse } from '@angular/common/http';
import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { catchError, map, of } from 'rxjs';
import { AuthService } from './auth.service';

/** Route data for the one page an account that must choose a new password may open. */
export const ALLOWED_BEFORE_PASSWORD_CHANGE = 'allowedBeforePasswordChange';

export const authGuard: CanActivateFn = (route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const toLogin = () => router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
  // The API refuses such an account everything else anyway; send it where it can act, then back here.
  const passwordFirst = () =>
    auth.mustChangePassword() && route.data[ALLOWED_BEFORE_PASSWORD_CHANGE] !== true
      ? router.createUrlTree(['/password'], { queryParams: { returnUrl: state.url } })
      : true;

  // A guest reaches the call of its invite's room and nothing else.
  const guest = auth.guest();
  if (guest) return route.paramMap.get('roomId') === guest.roomId ? true : router.createUrlTree(['/invite']);
  if (!auth.isLoggedIn()) return toLogin();
  if (auth.sessionVerified) return passwordFirst();
  return auth.verifySession().pipe(
    map(passwordFirst),
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status === 401) {
        auth.logout();
        return of(toLogin());
      }
      // The API being briefly unreachable should not throw the user out; pages report their own errors.
      return of(passwordFirst());
    }),
  );
};
