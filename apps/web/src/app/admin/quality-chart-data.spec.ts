import { QualityFigures } from '@webrtc-call/signaling-contracts';
import { qualityChartData } from './quality-chart-data';

function figures(day: string, changes: Partial<QualityFigures> = {}): QualityFigures {
  return {
    day,
    legsTried: 4,
    legsConnected: 3,
    successRate: 0.75,
    relayShare: 1 / 3,
    timeToConnectMs: { p50: 400, p95: 900 },
    lossPercent: { p50: 0.1, p95: 1.5 },
    rttMs: { p50: 40, p95: 120 },
    mosP50: 4.2,
    ...changes,
  };
}

const series = (charts: ReturnType<typeof qualityChartData>, id: string) =>
  Object.fromEntries(charts.find((c) => c.id === id)?.series.map((s) => [s.label, s.data]) ?? []);

describe('qualityChartData', () => {
  it('draws success rate and relay share in percent, time to connect p50/p95, loss p95 and MOS p50 per day', () => {
    const charts = qualityChartData({
      from: '2026-11-29T00:00:00.000Z',
      to: '2026-11-30T10:00:00.000Z',
      days: [figures('2026-11-29'), figures('2026-11-30', { successRate: 1, timeToConnectMs: { p50: 300, p95: 500 } })],
    });
    expect(charts.map((c) => c.id)).toEqual(['rates', 'time-to-connect', 'loss', 'mos']);
    expect(charts.every((c) => c.labels.join() === '2026-11-29,2026-11-30')).toBe(true);
    expect(series(charts, 'rates')).toEqual({ 'Success rate': [75, 100], 'Relay share': [33.3, 33.3] });
    expect(series(charts, 'time-to-connect')).toEqual({ p50: [400, 300], p95: [900, 500] });
    expect(series(charts, 'loss')).toEqual({ 'Loss p95': [1.5, 1.5] });
    expect(series(charts, 'mos')).toEqual({ 'MOS p50': [4.2, 4.2] });
    expect(charts.every((c) => c.description.length > 0)).toBe(true);
  });

  it('gives empty charts when there are no days and the range is unusable', () => {
    const charts = qualityChartData({ from: '', to: 'not a date', days: [] });
    expect(charts).toHaveLength(4);
    expect(charts.every((c) => c.labels.length === 0 && c.series.every((s) => s.data.length === 0))).toBe(true);
  });

  it('puts every day of the range on the axis, days without legs as gaps', () => {
    const charts = qualityChartData({
      from: '2026-11-27T00:00:00.000Z',
      to: '2026-11-30T23:00:00.000Z',
      days: [figures('2026-11-30'), figures('2026-11-28')],
    });
    expect(charts[0].labels).toEqual(['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30']);
    expect(series(charts, 'mos')).toEqual({ 'MOS p50': [null, 4.2, null, 4.2] });
  });

  it('keeps null figures as gaps rather than zeros', () => {
    const charts = qualityChartData({
      from: '2026-11-30T00:00:00.000Z',
      to: '2026-11-30T10:00:00.000Z',
      days: [
        figures('2026-11-30', {
          successRate: null,
          relayShare: null,
          timeToConnectMs: { p50: null, p95: null },
          lossPercent: { p50: null, p95: null },
          mosP50: null,
        }),
      ],
    });
    expect(charts.flatMap((c) => c.series.flatMap((s) => s.data))).toEqual([null, null, null, null, null, null]);
  });

  it('spans the first to the last day reported, in order, when the range cannot be read', () => {
    const charts = qualityChartData({ from: 'x', to: 'y', days: [figures('2026-11-30'), figures('2026-11-28')] });
    expect(charts[0].labels).toEqual(['2026-11-28', '2026-11-29', '2026-11-30']);
    expect(series(charts, 'mos')).toEqual({ 'MOS p50': [4.2, null, 4.2] });
  });

  it('still shows a day the server put just outside the requested range', () => {
    const charts = qualityChartData({
      from: '2026-11-29T00:00:00.000Z',
      to: '2026-11-29T23:00:00.000Z',
      days: [figures('2026-11-29'), figures('2026-11-30', { mosP50: 3 })],
    });
    expect(charts[0].labels).toEqual(['2026-11-29', '2026-11-30']);
    expect(series(charts, 'mos')).toEqual({ 'MOS p50': [4.2, 3] });
  });
});
