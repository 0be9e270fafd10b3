import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { authInterceptor } from '../core/auth.interceptor';
import { RoomsPageComponent } from './rooms-page.component';

const room = {
  id: '3f2b6c1e-8d4a-4c1b-9e2f-0a1b2c3d4e5f',
  name: 'Friday',
  capacity: 2,
  ownerId: 'u1',
  createdAt: '',
  isPublic: false,
  hasPassword: false,
  locked: false,
  participants: 0,
  guestsWait: true,
  membersWait: false,
};
const listUrl = '/api/rooms?page=1&limit=20';
const user = { id: 'u1', username: 'alice', displayName: 'Alice', role: 'user', createdAt: '' };

describe('RoomsPageComponent', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  const page = () => harness.routeNativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) =>
    page().querySelector<T>(`[data-testid="${id}"]`);
  const fill = (name: string, value: string) => {
    const input = page().querySelector<HTMLInputElement>(`input[name="${name}"]`);
    if (!input) throw new Error(`no input ${name}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };

  beforeEach(async () => {
    localStorage.clear();
    localStorage.setItem('webrtc-call.token', 'tok');
    localStorage.setItem('webrtc-call.user', JSON.stringify(user));
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'rooms', component: RoomsPageComponent },
          { path: '**', children: [] },
        ]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create('/rooms');
  });

  afterEach(() => localStorage.clear());

  it('shows who is logged in', () => {
    expect(byTestId('current-user')?.textContent).toContain('Alice');
  });

  it('creates a room and goes straight to its lobby', async () => {
    fill('roomName', 'Friday');
    fill('roomPassword', 'pw');
    const capacity = page().querySelector<HTMLSelectElement>('select[name="capacity"]');
    if (!capacity) throw new Error('no capacity');
    capacity.selectedIndex = 1;
    capacity.dispatchEvent(new Event('change'));
    byTestId('room-public')?.click();
    byTestId('create-room')?.click();
    const request = http.expectOne('/api/rooms');
    expect(request.request.body).toEqual({ name: 'Friday', capacity: 3, isPublic: true, password: 'pw' });
    expect(request.request.headers.get('Authorization')).toBe('Bearer tok');
    request.flush(room, { status: 201, statusText: 'Created' });
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe(`/call/${room.id}`);
  });

  it('lists my rooms and public rooms with live participant counts, and deletes only my own', async () => {
    const theirs = {
      ...room,
      id: 'other-room',
      name: 'Open house',
      ownerId: 'u2',
      isPublic: true,
      participants: 3,
      capacity: 8,
    };
    await new Promise((resolve) => setTimeout(resolve));
    http
      .expectOne(listUrl)
      .flush({ items: [{ ...room, participants: 1, hasPassword: true }, theirs], total: 2, page: 1, limit: 20 });
    await harness.fixture.whenStable();

    const items = Array.from(page().querySelectorAll('[data-testid="room-item"]'));
    expect(items.map((i) => i.querySelector('[data-testid="room-participants"]')?.textContent?.trim())).toEqual([
      '1/2 in call',
      '3/8 in call',
    ]);
    expect(items.map((i) => i.querySelector('[data-testid="delete-room"]') !== null)).toEqual([true, false]);

    jest.spyOn(window, 'confirm').mockReturnValue(true);
    items[0].querySelector<HTMLButtonElement>('[data-testid="delete-room"]')?.click();
    http.expectOne({ method: 'DELETE', url: `/api/rooms/${room.id}` }).flush(null, { status: 204, statusText: '' });
    await harness.fixture.whenStable();
    expect(page().querySelectorAll('[data-testid="room-item"]')).toHaveLength(1);
  });

  it('shows the API error when the room list cannot be loaded', async () => {
    await new Promise((resolve) => setTimeout(resolve));
    http
      .expectOne(listUrl)
      .flush({ statusCode: 404, code: 'not-found', message: 'Cannot GET /api/rooms' }, { status: 404, statusText: '' });
    await harness.fixture.whenStable();
    expect(byTestId('rooms-error')?.textContent).toContain('Cannot GET /api/rooms');
  });

  it('opens a room from a pasted link after checking it exists', async () => {
    fill('roomRef', `https://elsewhere.example/call/${room.id}`);
    byTestId('open-room')?.click();
    http.expectOne(`/api/rooms/${room.id}`).flush(room);
    await harness.fixture.whenStable();

    expect(TestBed.inject(Router).url).toBe(`/call/${room.id}`);
  });

  it('logs out and goes to the login page when the API says the session expired', async () => {
    fill('roomName', 'Friday');
    byTestId('create-room')?.click();
    http
      .expectOne('/api/rooms')
      .flush({ statusCode: 401, code: 'unauthorized', message: 'Unauthorized' }, { status: 401, statusText: '' });
    await harness.fixture.whenStable();

    expect(localStorage.getItem('webrtc-call.token')).toBeNull();
    expect(TestBed.inject(Router).url).toBe('/login?returnUrl=%2Frooms&reason=session-expired');
  });
});
