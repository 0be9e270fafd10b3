import { Route } from '@angular/router';
import { adminGuard } from './core/admin.guard';
import { ALLOWED_BEFORE_PASSWORD_CHANGE, authGuard } from './core/auth.guard';

export const appRoutes: Route[] = [
  { path: '', pathMatch: 'full', redirectTo: 'rooms' },
  {
    path: 'login',
    title: 'Log in · Call',
    loadComponent: () => import('./auth/login-page.component').then((m) => m.LoginPageComponent),
  },
  {
    path: 'invite',
    title: 'Join a call · Call',
    loadComponent: () => import('./invites/invite-page.component').then((m) => m.InvitePageComponent),
  },
  {
    path: 'password',
    title: 'Choose a new password · Call',
    canActivate: [authGuard],
    data: { [ALLOWED_BEFORE_PASSWORD_CHANGE]: true },
    loadComponent: () => import('./auth/change-password-page.component').then((m) => m.ChangePasswordPageComponent),
  },
  {
    path: 'rooms',
    title: 'Rooms · Call',
    canActivate: [authGuard],
    loadComponent: () => import('./rooms/rooms-page.component').then((m) => m.RoomsPageComponent),
  },
  {
    path: 'call/:roomId',
    title: 'In call · Call',
    canActivate: [authGuard],
    loadComponent: () => import('./call/call-page.component').then((m) => m.CallPageComponent),
  },
  {
    path: 'connectivity',
    title: 'Connectivity check · Call',
    canActivate: [authGuard],
    loadComponent: () => import('./connectivity/connectivity-page.component').then((m) => m.ConnectivityPageComponent),
  },
  {
    path: 'admin',
    title: 'Administration · Call',
    canActivate: [authGuard, adminGuard],
    loadComponent: () => import('./admin/admin-page.component').then((m) => m.AdminPageComponent),
  },
  { path: '**', redirectTo: 'rooms' },
];
