import { effectiveLatencyMs, mosFromR, qualityScore } from './quality';

describe('qualityScore (simplified E-model)', () => {
  it('adds twice the jitter and 10 ms to the round trip', () => {
    expect(effectiveLatencyMs(100, 15)).toBe(140);
  });

  it.each([
    // rtt, jitter, loss → R, MOS, band, reason (worked by hand from the formulas)
    [0, 0, 0, 92.95, 4.404, 'good', null],
    [200, 20, 0, 80.2, 4.032, 'good', null],
    [100, 10, 5, 77.45, 3.924, 'fair', 'loss'],
    [400, 50, 0, 54.2, 2.796, 'poor', 'delay'],
    [0, 0, 20, 42.95, 2.211, 'poor', 'loss'],
  ])('rtt %d ms, jitter %d ms, loss %d %% → R %d, MOS %d, %s', (rttMs, jitterMs, lossPercent, r, mos, band, reason) => {
    const score = qualityScore({ rttMs, jitterMs, lossPercent });
    expect(score.r).toBeCloseTo(r, 2);
    expect(score.mos).toBeCloseTo(mos, 3);
    expect({ band: score.band, reason: score.reason }).toEqual({ band, reason });
  });

  it('switches to the steeper delay slope at 160 ms of effective latency', () => {
    expect(qualityScore({ rttMs: 149, jitterMs: 0, lossPercent: 0 }).r).toBeCloseTo(93.2 - 159 / 40, 6);
    expect(qualityScore({ rttMs: 150, jitterMs: 0, lossPercent: 0 }).r).toBeCloseTo(93.2 - 4, 6);
  });

  it('keeps R within 0 and 100 and MOS within 1 and 4.5, whatever the figures', () => {
    expect(qualityScore({ rttMs: 5000, jitterMs: 500, lossPercent: 100 })).toMatchObject({
      r: 0,
      mos: 1,
      band: 'poor',
    });
    expect(qualityScore({ rttMs: -5, jitterMs: Number.NaN, lossPercent: -1 }).r).toBeCloseTo(92.95, 6);
    expect(mosFromR(100)).toBe(4.5);
    expect(mosFromR(-3)).toBe(1);
  });
});
