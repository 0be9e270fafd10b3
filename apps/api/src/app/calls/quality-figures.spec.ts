import { figuresOf, LegFacts, percentile, qualityReport, rate } from './quality-figures';

const leg = (overrides: Partial<LegFacts> = {}): LegFacts => ({
  startedAt: new Date('2026-11-20T10:00:00Z'),
  outcome: 'connected',
  usedRelay: false,
  timeToConnectMs: 500,
  lossPercent: 0,
  rttMs: 40,
  mos: 4.3,
  ...overrides,
});

describe('percentile', () => {
  it('is null without values', () => {
    expect(percentile([], 50)).toBeNull();
  });

  it('is the value itself for one value, whatever the rank', () => {
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([7], 95)).toBe(7);
  });

  it('interpolates between the closest ranks, whatever the input order', () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110], 95)).toBeCloseTo(105);
    expect(percentile([3, 1, 2], 0)).toBe(1);
    expect(percentile([3, 1, 2], 100)).toBe(3);
  });

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('rate', () => {
  it('is null for an empty whole, and the fraction otherwise', () => {
    expect(rate(0, 0)).toBeNull();
    expect(rate(0, 4)).toBe(0);
    expect(rate(3, 4)).toBe(0.75);
  });
});

describe('figuresOf', () => {
  it('answers nulls, not zeros, when there are no legs', () => {
    expect(figuresOf([])).toEqual({
      legsTried: 0,
      legsConnected: 0,
      successRate: null,
      relayShare: null,
      timeToConnectMs: { p50: null, p95: null },
      lossPercent: { p50: null, p95: null },
      rttMs: { p50: null, p95: null },
      mosP50: null,
    });
  });

  it('gives a success rate of 0 and no relay share when every leg failed', () => {
    const figures = figuresOf([leg({ outcome: 'failed' }), leg({ outcome: 'never-connected', usedRelay: true })]);
    expect(figures).toMatchObject({ legsTried: 2, legsConnected: 0, successRate: 0, relayShare: null });
    expect(figures.rttMs).toEqual({ p50: null, p95: null });
  });

  it('leaves legs that never tried out of the success rate', () => {
    const figures = figuresOf([
      leg(),
      leg({ outcome: 'failed' }),
      leg({ outcome: 'closed-before-connected' }),
      leg({ outcome: 'connecting' }),
    ]);
    expect(figures).toMatchObject({ legsTried: 2, legsConnected: 1, successRate: 0.5 });
  });

  it('counts the relay share over connected legs only, and the percentiles over their known figures', () => {
    const figures = figuresOf([
      leg({ usedRelay: true, timeToConnectMs: 300, rttMs: 20 }),
      leg({ timeToConnectMs: 700, rttMs: null }),
      leg({ outcome: 'failed', usedRelay: true, timeToConnectMs: 9000 }),
    ]);
    expect(figures.relayShare).toBe(0.5);
    expect(figures.timeToConnectMs.p50).toBe(500);
    expect(figures.rttMs).toEqual({ p50: 20, p95: 20 });
  });
});

describe('qualityReport', () => {
  it('groups legs by the UTC day they started, in order, besides the total', () => {
    const from = new Date('2026-11-19T00:00:00Z');
    const to = new Date('2026-11-22T00:00:00Z');
    const report = qualityReport(
      [
        leg({ startedAt: new Date('2026-11-21T23:59:59Z') }),
        leg({ startedAt: new Date('2026-11-20T00:00:00Z'), outcome: 'failed' }),
        leg({ startedAt: new Date('2026-11-20T23:00:00Z') }),
      ],
      from,
      to,
    );
    expect(report.from).toBe('2026-11-19T00:00:00.000Z');
    expect(report.total).toMatchObject({ legsTried: 3, legsConnected: 2 });
    expect(report.days.map((d) => [d.day, d.legsTried, d.successRate])).toEqual([
      ['2026-11-20', 2, 0.5],
      ['2026-11-21', 1, 1],
    ]);
  });
});
