import { qualityRange } from './quality-range';

describe('qualityRange', () => {
  it('covers the last N UTC days, today included, up to now', () => {
    const now = new Date('2026-11-30T15:45:00Z');
    const { from, to } = qualityRange(7, now);
    expect(from.toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect(to).toBe(now);
  });

  it('crosses month and year boundaries', () => {
    expect(qualityRange(90, new Date('2026-01-15T01:00:00Z')).from.toISOString()).toBe('2025-10-18T00:00:00.000Z');
  });
});
