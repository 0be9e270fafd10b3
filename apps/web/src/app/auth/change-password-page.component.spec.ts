import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { authInterceptor } from '../core/auth.interceptor';
import { AuthService } from '../core/auth.service';
import { ChangePasswordPageComponent } from './change-password-page.component';

const admin = {
  id: 'u1',
  username: 'admin',
  displayName: 'Administrator',
  role: 'admin',
  createdAt: '2026-01-01T00:00:00Z',
  disabled: false,
  mustChangePassword: true,
};

describe('ChangePasswordPageComponent', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  const page = () => harness.routeNativeElement as HTMLElement;
  const text = (testId: string) => page().querySelector(`[data-testid="${testId}"]`)?.textContent ?? null;
  const fill = (name: string, value: string) => {
    const input = page().querySelector<HTMLInputElement>(`input[name="${name}"]`);
    if (!input) throw new Error(`no input ${name}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };
  const submit = async (current: string, next: string, again = next) => {
    fill('currentPassword', current);
    fill('newPassword', next);
    fill('confirmPassword', again);
    page().querySelector<HTMLButtonElement>('[data-testid="password-submit"]')?.click();
    await harness.fixture.whenStable();
  };

  beforeEach(async () => {
    localStorage.clear();
    localStorage.setItem('webrtc-call.token', 'generated-session');
    localStorage.setItem('webrtc-call.user', JSON.stringify(admin));
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'password', component: ChangePasswordPageComponent },
          { path: '**', children: [] },
        ]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/password?returnUrl=%2Fadmin');
  });

  afterEach(() => {
    http.verify();
    localStorage.clear();
  });

  it('says why it is asking, and labels every field', () => {
    expect(text('password-change-required')).toContain('generated password');
    for (const name of ['currentPassword', 'newPassword', 'confirmPassword']) {
      const input = page().querySelector(`input[name="${name}"]`);
      expect(page().querySelector(`label[for="${input?.id}"]`)).not.toBeNull();
    }
  });

  it('changes the password, keeps the fresh token and goes on to the page that was asked for', async () => {
    await submit('generated-pw', 'my own password');
    const request = http.expectOne('/api/auth/password');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ currentPassword: 'generated-pw', newPassword: 'my own password' });
    expect(request.request.headers.get('Authorization')).toBe('Bearer generated-session');
    request.flush({ accessToken: 'fresh-token', user: { ...admin, mustChangePassword: false } });
    await harness.fixture.whenStable();

    const auth = TestBed.inject(AuthService);
    expect(auth.token()).toBe('fresh-token');
    expect(localStorage.getItem('webrtc-call.token')).toBe('fresh-token');
    expect(auth.mustChangePassword()).toBe(false);
    expect(TestBed.inject(Router).url).toBe('/admin');
  });

  it('checks the new password on the page before asking the API', async () => {
    await submit('generated-pw', 'short');
    expect(text('newPassword-error')).toContain('at least 8 characters');
    await submit('generated-pw', 'generated-pw');
    expect(text('newPassword-error')).toContain('must differ');
    await submit('generated-pw', 'my own password', 'my own pasword');
    expect(text('confirmPassword-error')).toContain('differ');
    await submit('', 'my own password');
    expect(text('currentPassword-error')).toContain('logged in with');
    http.expectNone('/api/auth/password');
    expect(TestBed.inject(Router).url).toBe('/password?returnUrl=%2Fadmin');
  });

  it('shows a wrong current password inline and stays on the page', async () => {
    await submit('not-it', 'my own password');
    http
      .expectOne('/api/auth/password')
      .flush(
        { statusCode: 403, code: 'wrong-password', message: 'The current password is wrong' },
        { status: 403, statusText: 'Forbidden' },
      );
    await harness.fixture.whenStable();

    expect(text('password-error-summary')).toContain('The current password is wrong');
    expect(TestBed.inject(AuthService).token()).toBe('generated-session');
    expect(TestBed.inject(Router).url).toBe('/password?returnUrl=%2Fadmin');
  });
});
