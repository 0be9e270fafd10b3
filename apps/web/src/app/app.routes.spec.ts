import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { appRoutes } from './app.routes';
import { authInterceptor } from './core/auth.interceptor';

const user = { id: 'u1', username: 'alice', displayName: 'Alice', role: 'user', createdAt: '2026-01-01T00:00:00Z' };

describe('app routes', () => {
  const currentUrl = () => TestBed.inject(Router).url;
  const settle = () => new Promise((resolve) => setTimeout(resolve));

  /** Boots the router as a fresh page load would, optionally with a token left from an earlier visit. */
  async function load(storedToken?: string): Promise<RouterTestingHarness> {
    if (storedToken) localStorage.setItem('webrtc-call.token', storedToken);
    TestBed.configureTestingModule({
      providers: [
        provideRouter(appRoutes),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    return RouterTestingHarness.create();
  }

  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  afterEach(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('sends a visitor who is not logged in from / to the login page, remembering /rooms', async () => {
    const harness = await load();
    await harness.navigateByUrl('/');
    expect(currentUrl()).toBe('/login?returnUrl=%2Frooms');
    expect(harness.routeNativeElement?.querySelector('[data-testid="login-submit"]')).not.toBeNull();
  });

  it('sends a visitor who opens a call link to log in first and remembers the call', async () => {
    const harness = await load();
    await harness.navigateByUrl('/call/3f2b6c1e');
    expect(currentUrl()).toBe('/login?returnUrl=%2Fcall%2F3f2b6c1e');
  });

  it('lets a stored session in once the API confirms the token, sent as a bearer token', async () => {
    const harness = await load('tok');
    const navigation = harness.navigateByUrl('/');
    await settle();
    const me = TestBed.inject(HttpTestingController).expectOne('/api/auth/me');
    expect(me.request.headers.get('Authorization')).toBe('Bearer tok');
    me.flush(user);
    await navigation;

    expect(currentUrl()).toBe('/rooms');
    expect(harness.routeNativeElement?.textContent).toContain('Alice');
  });

  it('sends an account that must choose a new password to do that first, whatever page it opens', async () => {
    const harness = await load('generated');
    const navigation = harness.navigateByUrl('/admin');
    await settle();
    TestBed.inject(HttpTestingController)
      .expectOne('/api/auth/me')
      .flush({ ...user, role: 'admin', mustChangePassword: true });
    await navigation;

    expect(currentUrl()).toBe('/password?returnUrl=%2Fadmin');
    expect(harness.routeNativeElement?.querySelector('[data-testid="password-change-required"]')).not.toBeNull();
    await harness.navigateByUrl('/rooms');
    expect(currentUrl()).toBe('/password?returnUrl=%2Frooms');
  });

  it('drops a stored token the API rejects and asks to log in', async () => {
    const harness = await load('stale');
    const navigation = harness.navigateByUrl('/rooms');
    await settle();
    TestBed.inject(HttpTestingController)
      .expectOne('/api/auth/me')
      .flush(
        { statusCode: 401, code: 'unauthorized', message: 'Unauthorized' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await navigation;

    expect(currentUrl()).toBe('/login?returnUrl=%2Frooms');
    expect(localStorage.getItem('webrtc-call.token')).toBeNull();
  });

  it('follows an invite link as a guest in this tab only, and keeps the guest out of every other page', async () => {
    localStorage.setItem('webrtc-call.token', 'account-token');
    const harness = await load();
    location.hash = '#s3cret';
    await harness.navigateByUrl('/invite');
    const page = harness.routeNativeElement as HTMLElement;
    const name = page.querySelector<HTMLInputElement>('[data-testid="guest-name"]');
    if (!name) throw new Error('no name field');
    name.value = 'Gus';
    name.dispatchEvent(new Event('input'));
    harness.detectChanges();
    page.querySelector<HTMLButtonElement>('[data-testid="guest-join"]')?.click();
    const redeem = TestBed.inject(HttpTestingController).expectOne('/api/invites/redeem');
    expect(redeem.request.body).toEqual({ secret: 's3cret', displayName: 'Gus' });
    const guest = { id: 'g1', displayName: 'Gus', roomId: 'room-9', roomName: 'Book club', expiresAt: '' };
    redeem.flush({ accessToken: 'guest-token', guest });
    await settle();

    expect(JSON.parse(sessionStorage.getItem('webrtc-call.guest') ?? 'null')).toMatchObject({ guest });
    expect(localStorage.getItem('webrtc-call.token')).toBe('account-token');
    await harness.navigateByUrl('/rooms');
    expect(currentUrl()).toBe('/invite');
    await harness.navigateByUrl('/admin');
    expect(currentUrl()).toBe('/invite');
    location.hash = '';
  });
});
