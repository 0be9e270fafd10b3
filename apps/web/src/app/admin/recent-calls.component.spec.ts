import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { CallDetailView, CallSummaryView, LegView } from '@webrtc-call/signaling-contracts';
import { RecentCallsComponent } from './recent-calls.component';

const participant = (peerId: string, displayName: string, guest = false) => ({
  userId: guest ? null : `u-${peerId}`,
  displayName,
  guest,
  peerId,
  joinedAt: '2026-11-30T10:00:00.000Z',
  leftAt: null,
});

const ended: CallSummaryView = {
  id: 'c1',
  roomId: 'r1',
  roomName: 'Friday',
  startedAt: '2026-11-30T10:00:00.000Z',
  endedAt: '2026-11-30T10:45:00.000Z',
  participants: [participant('p1', 'Alice'), participant('p2', 'Bob'), participant('p3', 'Carol', true)],
  legCount: 3,
};
const ongoing: CallSummaryView = {
  ...ended,
  id: 'c2',
  roomName: 'Standup',
  endedAt: null,
  participants: [participant('p4', 'Dan')],
  legCount: 0,
};

const leg = (changes: Partial<LegView> = {}): LegView => ({
  id: 'l1',
  a: { peerId: 'p1', displayName: 'Alice' },
  b: { peerId: 'p2', displayName: 'Bob' },
  outcome: 'connected',
  candidateType: { local: 'srflx', remote: 'relay' },
  protocol: 'udp',
  relayProtocol: null,
  timeToConnectMs: 612,
  timeToFirstFrameMs: 900,
  samples: 30,
  rttMs: { count: 30, min: 20, avg: 48.4, max: 90 },
  jitterMs: { count: 30, min: 1, avg: 6.2, max: 20 },
  lossPercent: { count: 30, min: 0, avg: 0.4, max: 3 },
  bitrateKbps: { count: 30, min: 300, avg: 1234.4, max: 2000 },
  iceRestarts: 0,
  mos: 4.12,
  band: 'good',
  ...changes,
});

describe('RecentCallsComponent', () => {
  let fixture: ComponentFixture<RecentCallsComponent>;
  let http: HttpTestingController;

  const root = () => fixture.nativeElement as HTMLElement;
  const all = (id: string, within: ParentNode = root()) =>
    Array.from(within.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));
  const cells = (id: string, within?: ParentNode) => all(id, within).map((e) => e.textContent?.trim());
  const listRequest = (): TestRequest => http.expectOne((r) => r.url === '/api/admin/calls');
  const settle = () => fixture.whenStable();

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RecentCallsComponent);
    await settle();
  });

  afterEach(() => http.verify());

  it('lists the first page of calls: room, end or "ongoing", participants and leg count', async () => {
    const request = listRequest();
    expect(request.request.params.get('page')).toBe('1');
    expect(request.request.params.get('limit')).toBe('10');
    request.flush({ items: [ended, ongoing], total: 2, page: 1, limit: 10 });
    await settle();

    const rows = all('call-row');
    expect(rows.map((r) => r.firstElementChild?.textContent?.trim())).toEqual(['Friday', 'Standup']);
    expect(cells('call-ended')[0]).toMatch(/^2026-11-30 \d\d:\d\d$/);
    expect(cells('call-ended')[1]).toBe('ongoing');
    expect(cells('call-participants')).toEqual(['Alice, Bob, Carol (guest)', 'Dan']);
    expect(cells('call-legs')).toEqual(['3', '0']);
    expect(root().querySelector('[data-testid="calls-page"]')).toBeNull();
  });

  it('opens a call onto its legs: peers, outcome, direct or relay, and the figures with the MOS band', async () => {
    listRequest().flush({ items: [ended, ongoing], total: 2, page: 1, limit: 10 });
    await settle();
    const toggle = all('call-toggle')[0] as HTMLButtonElement;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    toggle.click();
    await settle();
    expect(root().textContent).toContain('Loading legs…');

    const detail: CallDetailView = {
      ...ended,
      legs: [
        leg(),
        leg({
          id: 'l2',
          b: { peerId: 'p3', displayName: 'Carol' },
          outcome: 'never-connected',
          candidateType: { local: null, remote: null },
          timeToConnectMs: null,
          rttMs: null,
          jitterMs: null,
          lossPercent: null,
          bitrateKbps: null,
          mos: null,
          band: null,
        }),
      ],
    };
    http.expectOne('/api/admin/calls/c1').flush(detail);
    await settle();

    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const [panel] = all('call-detail');
    expect(toggle.getAttribute('aria-controls')).toBe(panel.id);
    const legs = all('call-leg', panel);
    expect(legs).toHaveLength(2);
    const first = (id: string) => cells(id, legs[0])[0];
    expect(first('leg-peers')).toBe('Alice ↔ Bob');
    expect(first('leg-outcome')).toBe('connected');
    expect(first('leg-path')).toBe('direct / relay');
    expect(first('leg-ttc')).toBe('612 ms');
    expect(first('leg-rtt')).toBe('48 ms');
    expect(first('leg-jitter')).toBe('6 ms');
    expect(first('leg-loss')).toBe('0.4% / 3%');
    expect(first('leg-bitrate')).toBe('1234 kbps');
    expect(first('leg-mos')).toBe('4.12 (good)');
    const second = ['leg-outcome', 'leg-path', 'leg-ttc', 'leg-rtt', 'leg-loss', 'leg-bitrate', 'leg-mos'].map(
      (id) => cells(id, legs[1])[0],
    );
    expect(second).toEqual(['never connected', '— / —', '—', '—', '—', '—', '—']);

    toggle.click();
    await settle();
    expect(all('call-detail')).toHaveLength(0);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
  });

  it('says why when the legs of a call cannot be loaded', async () => {
    listRequest().flush({ items: [ended], total: 1, page: 1, limit: 10 });
    await settle();
    all('call-toggle')[0].click();
    http
      .expectOne('/api/admin/calls/c1')
      .flush({ statusCode: 404, code: 'call-not-found', message: 'No such call.' }, { status: 404, statusText: '' });
    await settle();
    expect(all('call-detail')[0].querySelector('[role="alert"]')?.textContent).toContain('No such call.');
  });

  it('pages through the calls', async () => {
    listRequest().flush({ items: [ended], total: 25, page: 1, limit: 10 });
    await settle();
    expect(cells('calls-page')).toEqual(['Page 1 of 3']);
    expect((all('calls-previous')[0] as HTMLButtonElement).disabled).toBe(true);

    all('calls-next')[0].click();
    await settle();
    const request = listRequest();
    expect(request.request.params.get('page')).toBe('2');
    request.flush({ items: [ongoing], total: 25, page: 2, limit: 10 });
    await settle();
    expect(cells('calls-page')).toEqual(['Page 2 of 3']);
    expect(all('call-row').map((r) => r.firstElementChild?.textContent?.trim())).toEqual(['Standup']);
  });

  it('says why when the calls cannot be listed', async () => {
    expect(root().textContent).toContain('Loading calls…');
    listRequest().flush(null, { status: 500, statusText: 'Server Error' });
    await settle();
    expect(cells('calls-error')).toEqual(['The server had a problem. Please try again later.']);
    expect(root().textContent).not.toContain('Loading calls…');
  });
});
