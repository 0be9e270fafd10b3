/** The ranges the call-quality section offers, in days. */
export const QUALITY_RANGE_DAYS = [7, 30, 90] as const;
export type QualityRangeDays = (typeof QUALITY_RANGE_DAYS)[number];

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The last `days` UTC days, today included: the report groups by UTC day, so a range that starts
 * mid-day would make its first day look emptier than it was.
 */
export function qualityRange(days: number, now: Date): { from: Date; to: Date } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { from: new Date(today - (days - 1) * DAY_MS), to: now };
}
