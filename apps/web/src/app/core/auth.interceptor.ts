import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, throwError } from 'rxjs';
import { AuthService } from './auth.service';
import { HANDLES_OWN_401 } from './handles-own-401';

function isApiRequest(url: string): boolean {
  return url.startsWith('/api/') || url.startsWith(`${location.origin}/api/`);
}

/** Adds the bearer token to API calls and ends the session when the API says it is no longer valid. */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isApiRequest(request.url)) return next(request);
  const auth = inject(AuthService);
  const token = auth.token();
  const authorized = token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
  return next(authorized).pipe(
    catchError((error: unknown) => {
      const expired =
        error instanceof HttpErrorResponse && error.status === 401 && !request.context.get(HANDLES_OWN_401);
      if (expired && auth.isLoggedIn()) auth.expireSession();
      return throwError(() => error);
    }),
  );
};
