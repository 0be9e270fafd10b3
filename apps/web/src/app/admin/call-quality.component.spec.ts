import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { QualityFigures, QualityReport } from '@webrtc-call/signaling-contracts';
import { LINE_CHART_LOADER } from './chart-loader';
import { CallQualityComponent } from './call-quality.component';
import { LineChartSpec } from './quality-chart-data';

function figures(changes: Partial<QualityFigures> = {}): QualityFigures {
  return {
    legsTried: 40,
    legsConnected: 39,
    successRate: 0.975,
    relayShare: 0.25,
    timeToConnectMs: { p50: 420, p95: 1830 },
    lossPercent: { p50: 0.2, p95: 2.5 },
    rttMs: { p50: 35, p95: 140 },
    mosP50: 4.31,
    ...changes,
  };
}

function report(changes: Partial<QualityReport> = {}): QualityReport {
  return {
    from: '2026-11-29T00:00:00.000Z',
    to: '2026-11-30T12:00:00.000Z',
    total: figures(),
    days: [figures({ day: '2026-11-29' }), figures({ day: '2026-11-30', successRate: 1 })],
    ...changes,
  };
}

interface DrawnChart {
  canvas: HTMLCanvasElement;
  spec: LineChartSpec;
  destroy: jest.Mock;
}

describe('CallQualityComponent', () => {
  let fixture: ComponentFixture<CallQualityComponent>;
  let http: HttpTestingController;
  let drawn: DrawnChart[];

  const root = () => fixture.nativeElement as HTMLElement;
  const text = (id: string) => root().querySelector(`[data-testid="${id}"]`)?.textContent?.trim();
  const qualityRequest = (): TestRequest => http.expectOne((r) => r.url === '/api/admin/quality');
  const settle = async () => {
    await fixture.whenStable();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  };
  const chooseRange = (days: string) => {
    const select = root().querySelector<HTMLSelectElement>('[data-testid="quality-range"]');
    if (!select) throw new Error('no range selector');
    select.value = days;
    select.dispatchEvent(new Event('change'));
  };

  beforeEach(async () => {
    jest.useFakeTimers({ doNotFake: ['setTimeout', 'queueMicrotask', 'nextTick', 'setImmediate'] });
    jest.setSystemTime(new Date('2026-11-30T12:00:00Z'));
    drawn = [];
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        {
          provide: LINE_CHART_LOADER,
          useValue: () =>
            Promise.resolve((canvas: HTMLCanvasElement, spec: LineChartSpec) => {
              const chart = { canvas, spec, destroy: jest.fn() };
              drawn.push(chart);
              return chart;
            }),
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CallQualityComponent);
    await fixture.whenStable();
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  it('asks for the last 7 UTC days first and shows the summary figures of the range', async () => {
    const request = qualityRequest();
    expect(request.request.params.get('from')).toBe('2026-11-24T00:00:00.000Z');
    expect(request.request.params.get('to')).toBe('2026-11-30T12:00:00.000Z');
    expect(root().querySelector<HTMLSelectElement>('[data-testid="quality-range"]')?.value).toBe('7');
    request.flush(report());
    await settle();

    expect(text('quality-success')).toBe('97.5%');
    expect(text('quality-relay')).toBe('25%');
    expect(text('quality-ttc-p50')).toBe('420 ms');
    expect(text('quality-ttc-p95')).toBe('1830 ms');
    expect(text('quality-mos')).toBe('4.31');
    expect(text('quality-loss')).toBe('2.5%');
  });

  it('shows a dash for every figure the range has none of', async () => {
    qualityRequest().flush(
      report({
        total: figures({
          legsTried: 0,
          legsConnected: 0,
          successRate: null,
          relayShare: null,
          timeToConnectMs: { p50: null, p95: null },
          lossPercent: { p50: null, p95: null },
          mosP50: null,
        }),
        days: [],
      }),
    );
    await settle();

    for (const id of ['quality-success', 'quality-relay', 'quality-ttc-p50', 'quality-ttc-p95', 'quality-mos']) {
      expect(text(id)).toBe('—');
    }
    expect(text('quality-loss')).toBe('—');
    expect(text('quality-empty')).toBe('No calls in this range.');
    expect(drawn).toHaveLength(0);
  });

  it('draws four charts, each canvas named for assistive technology, and gives the same figures as a table', async () => {
    qualityRequest().flush(report());
    await settle();

    const canvases = Array.from(root().querySelectorAll('canvas'));
    expect(canvases).toHaveLength(4);
    expect(canvases.every((c) => c.getAttribute('role') === 'img' && c.getAttribute('aria-label'))).toBe(true);
    expect(drawn.map((c) => c.spec.id)).toEqual(['rates', 'time-to-connect', 'loss', 'mos']);
    expect(drawn.map((c) => c.canvas)).toEqual(canvases);

    const rows = Array.from(root().querySelectorAll('[data-testid="quality-days"] tbody tr'));
    expect(rows.map((r) => Array.from(r.children).map((c) => c.textContent?.trim()))).toEqual([
      ['2026-11-29', '40', '97.5%', '25%', '420 ms', '1830 ms', '2.5%', '4.31'],
      ['2026-11-30', '40', '100%', '25%', '420 ms', '1830 ms', '2.5%', '4.31'],
    ]);
  });

  it('destroys the charts and asks again when the range changes', async () => {
    qualityRequest().flush(report());
    await settle();
    const first = [...drawn];
    expect(first).toHaveLength(4);

    chooseRange('30');
    await settle();
    expect(first.every((c) => c.destroy.mock.calls.length === 1)).toBe(true);
    const request = qualityRequest();
    expect(request.request.params.get('from')).toBe('2026-11-01T00:00:00.000Z');
    request.flush(report());
    await settle();
    expect(drawn).toHaveLength(8);
    expect(drawn.slice(4).every((c) => c.destroy.mock.calls.length === 0)).toBe(true);
  });

  it('destroys the charts with the component', async () => {
    qualityRequest().flush(report());
    await settle();
    fixture.destroy();
    expect(drawn).toHaveLength(4);
    expect(drawn.every((c) => c.destroy.mock.calls.length === 1)).toBe(true);
  });

  it('says why when the report cannot be loaded, and stops saying it is loading', async () => {
    expect(root().textContent).toContain('Loading call quality…');
    qualityRequest().flush(
      { statusCode: 403, code: 'forbidden', message: 'Administrators only.' },
      { status: 403, statusText: 'Forbidden' },
    );
    await settle();
    expect(text('quality-error')).toBe('Administrators only.');
    expect(root().textContent).not.toContain('Loading call quality…');
  });
});
