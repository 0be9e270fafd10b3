import { HttpClient, HttpContext } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import { map, Observable, switchMap, tap } from 'rxjs';
import {
  ChangePasswordRequest,
  GuestSession,
  LoginResponse,
  RedeemInviteRequest,
  UserView,
} from '@webrtc-call/signaling-contracts';
import { HANDLES_OWN_401 } from './handles-own-401';

const TOKEN_KEY = 'webrtc-call.token';
const USER_KEY = 'webrtc-call.user';
/** A guest session lives in its tab only: it must not replace an account signed in in other tabs. */
const GUEST_KEY = 'webrtc-call.guest';
/** The query parameter telling the login page why the person was sent there. */
export const LOGIN_REASON_PARAM = 'reason';
export const SESSION_EXPIRED = 'session-expired';

export interface Credentials {
  username: string;
  password: string;
}

export interface Registration extends Credentials {
  displayName?: string;
}

function ownsUnauthorized(): HttpContext {
  return new HttpContext().set(HANDLES_OWN_401, true);
}

function readStoredUser(): UserView | null {
  const raw = localStorage.getItem(USER_KEY);
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null && 'id' in parsed ? (parsed as UserView) : null;
  } catch {
    return null;
  }
}

function readStoredGuest(): GuestSession | null {
  const raw = sessionStorage.getItem(GUEST_KEY);
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    const session = parsed as Partial<GuestSession> | null;
    return typeof session?.accessToken === 'string' && typeof session.guest?.roomId === 'string'
      ? (session as GuestSession)
      : null;
  } catch {
    return null;
  }
}

@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);

  private readonly guestState = signal<GuestSession['guest'] | null>(readStoredGuest()?.guest ?? null);
  private readonly tokenState = signal<string | null>(
    readStoredGuest()?.accessToken ?? localStorage.getItem(TOKEN_KEY),
  );
  private readonly userState = signal<UserView | null>(this.guestState() ? null : readStoredUser());
  /** Whether the stored token has been checked against the server since the page loaded. */
  private verified = false;

  readonly token = this.tokenState.asReadonly();
  readonly currentUser = this.userState.asReadonly();
  readonly isLoggedIn = computed(() => this.tokenState() !== null);
  /** The account may do nothing but choose a new password (a generated administrator password). */
  readonly mustChangePassword = computed(() => this.userState()?.mustChangePassword === true);
  /** Set while this tab follows an invite link without an account: one room only. */
  readonly guest = this.guestState.asReadonly();
  readonly isGuest = computed(() => this.guestState() !== null);

  /** Follows an invite link: this tab becomes a guest of the link's room until the guest session ends. */
  redeemInvite(request: RedeemInviteRequest): Observable<GuestSession> {
    return this.http
      .post<GuestSession>('/api/invites/redeem', request, { context: ownsUnauthorized() })
      .pipe(tap((session) => this.startGuest(session)));
  }

  /** Ends this tab's guest session; an account signed in before (in this browser) is back. */
  endGuest(): void {
    sessionStorage.removeItem(GUEST_KEY);
    this.guestState.set(null);
    this.tokenState.set(localStorage.getItem(TOKEN_KEY));
    this.userState.set(readStoredUser());
    this.verified = false;
  }

  login(credentials: Credentials): Observable<UserView> {
    return this.http.post<LoginResponse>('/api/auth/login', credentials, { context: ownsUnauthorized() }).pipe(
      tap((response) => this.store(response.accessToken, response.user)),
      map((response) => response.user),
    );
  }

  /** Creates the account, then logs in with the same credentials. */
  register(registration: Registration): Observable<UserView> {
    const body: Registration = { username: registration.username, password: registration.password };
    const displayName = registration.displayName?.trim();
    if (displayName) body.displayName = displayName;
    return this.http
      .post<UserView>('/api/auth/register', body, { context: ownsUnauthorized() })
      .pipe(switchMap(() => this.login({ username: registration.username, password: registration.password })));
  }

  /** Every other session ends; this one continues with the token the API returns. */
  changePassword(request: ChangePasswordRequest): Observable<UserView> {
    return this.http.post<LoginResponse>('/api/auth/password', request).pipe(
      tap((response) => this.store(response.accessToken, response.user)),
      map((response) => response.user),
    );
  }

  /** Confirms the stored token once per page load and refreshes the cached profile. */
  verifySession(): Observable<UserView> {
    return this.http.get<UserView>('/api/auth/me', { context: ownsUnauthorized() }).pipe(
      tap((user) => {
        this.verified = true;
        this.setUser(user);
      }),
    );
  }

  get sessionVerified(): boolean {
    return this.verified;
  }

  logout(): void {
    if (this.isGuest()) return this.endGuest();
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(USER_KEY);
    this.tokenState.set(null);
    this.userState.set(null);
    this.verified = false;
  }

  /**
   * The server rejected our token: forget it and ask the user to log in again, then come back. The login
   * page says why, since the page that found out is gone by then.
   */
  expireSession(returnUrl = this.router.url): void {
    this.logout();
    const queryParams = {
      ...(returnUrl && !returnUrl.startsWith('/login') ? { returnUrl } : {}),
      [LOGIN_REASON_PARAM]: SESSION_EXPIRED,
    };
    void this.router.navigate(['/login'], { queryParams });
  }

  private startGuest(session: GuestSession): void {
    sessionStorage.setItem(GUEST_KEY, JSON.stringify(session));
    this.guestState.set(session.guest);
    this.tokenState.set(session.accessToken);
    this.userState.set(null);
  }

  private store(token: string, user: UserView): void {
    sessionStorage.removeItem(GUEST_KEY);
    this.guestState.set(null);
    localStorage.setItem(TOKEN_KEY, token);
    this.tokenState.set(token);
    this.verified = true;
    this.setUser(user);
  }

  private setUser(user: UserView): void {
    localStorage.setItem(USER_KEY, JSON.stringify(user));
    this.userState.set(user);
  }
}
