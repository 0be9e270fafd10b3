import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { authInterceptor } from '../core/auth.interceptor';
import { AuthService } from '../core/auth.service';
import { LoginPageComponent } from './login-page.component';

const user = { id: 'u1', username: 'alice', displayName: 'Alice', role: 'user', createdAt: '2026-01-01T00:00:00Z' };

describe('LoginPageComponent', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  const page = () => harness.routeNativeElement as HTMLElement;
  const fill = (name: string, value: string) => {
    const input = page().querySelector<HTMLInputElement>(`input[name="${name}"]`);
    if (!input) throw new Error(`no input ${name}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };
  const click = (testId: string) => page().querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`)?.click();

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'login', component: LoginPageComponent },
          { path: '**', children: [] },
        ]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => localStorage.clear());

  it('labels every field', async () => {
    await harness.navigateByUrl('/login');
    for (const name of ['username', 'password', 'displayName']) {
      const input = page().querySelector(`input[name="${name}"]`);
      expect(page().querySelector(`label[for="${input?.id}"]`)).not.toBeNull();
    }
  });

  it('creates the account, logs in with it and returns to the page that asked for login', async () => {
    await harness.navigateByUrl('/login?returnUrl=%2Fcall%2Fr1');
    fill('username', 'alice');
    fill('password', 'correct horse');
    fill('displayName', ' Alice ');
    click('register-submit');

    const register = http.expectOne('/api/auth/register');
    expect(register.request.body).toEqual({ username: 'alice', password: 'correct horse', displayName: 'Alice' });
    register.flush(user, { status: 201, statusText: 'Created' });
    const login = http.expectOne('/api/auth/login');
    expect(login.request.body).toEqual({ username: 'alice', password: 'correct horse' });
    login.flush({ accessToken: 'tok', user });
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/call/r1');
    expect(TestBed.inject(AuthService).token()).toBe('tok');
    expect(localStorage.getItem('webrtc-call.token')).toBe('tok');
  });

  it('says the session expired when the app sent the person here for that, and nothing on a plain visit', async () => {
    await harness.navigateByUrl('/login');
    expect(page().querySelector('[data-testid="session-expired"]')).toBeNull();

    await harness.navigateByUrl('/call/r1');
    TestBed.inject(AuthService).expireSession('/call/r1');
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Fcall%2Fr1&reason=session-expired');
    expect(page().querySelector('[data-testid="session-expired"]')?.textContent).toContain(
      'Your session has expired. Please log in again.',
    );
  });

  it('goes to /rooms after login when no return URL was given, and ignores one pointing off-site', async () => {
    await harness.navigateByUrl('/login?returnUrl=%2F%2Fevil.example');
    fill('username', 'alice');
    fill('password', 'pw');
    click('login-submit');
    http.expectOne('/api/auth/login').flush({ accessToken: 'tok', user });
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe('/rooms');
  });

  it('shows the API error message inline, joining lists of messages', async () => {
    await harness.navigateByUrl('/login');
    fill('username', 'al');
    fill('password', 'short');
    click('register-submit');
    http.expectOne('/api/auth/register').flush(
      {
        statusCode: 400,
        code: 'validation-failed',
        message: ['username must be 3 to 32 characters long', 'password must be at least 8 characters long'],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await harness.fixture.whenStable();

    const error = page().querySelector('[data-testid="auth-error"]');
    expect(error?.textContent).toContain('username must be 3 to 32 characters long');
    expect(error?.textContent).toContain('password must be at least 8 characters long');
    expect(page().querySelector('[data-testid="username-error"]')?.textContent).toContain('username must be 3 to 32');
    expect(page().querySelector('[data-testid="password-error"]')?.textContent).toContain('at least 8 characters');
    expect(page().querySelector('input[name="password"]')?.getAttribute('aria-invalid')).toBe('true');
    expect(TestBed.inject(Router).url).toBe('/login');
  });

  it('shows a wrong password as an inline error without leaving the page', async () => {
    await harness.navigateByUrl('/login');
    fill('username', 'alice');
    fill('password', 'wrong');
    click('login-submit');
    http
      .expectOne('/api/auth/login')
      .flush(
        { statusCode: 401, code: 'invalid-credentials', message: 'Invalid username or password' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await harness.fixture.whenStable();

    expect(page().querySelector('[data-testid="auth-error"]')?.textContent).toContain('Invalid username or password');
    expect(TestBed.inject(Router).url).toBe('/login');
  });
});
