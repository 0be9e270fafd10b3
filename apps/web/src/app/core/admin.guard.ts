import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { AuthService } from './auth.service';

/** Runs after authGuard, so the profile (and its role) has been confirmed by the API. */
export const adminGuard: CanActivateFn = () =>
  inject(AuthService).currentUser()?.role === 'admin' ? true : inject(Router).createUrlTree(['/rooms']);
