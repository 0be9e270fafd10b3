import type { QualityFigures, QualityReport } from '@webrtc-call/signaling-contracts';

export interface ChartSeries {
  label: string;
  /** One value per label; null leaves a gap in the line. */
  data: (number | null)[];
}

/** What one line chart draws, independent of the chart library. */
export interface LineChartSpec {
  id: string;
  title: string;
  /** The canvas's accessible name. */
  description: string;
  unit: string;
  min?: number;
  max?: number;
  labels: string[];
  series: ChartSeries[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** More days than any range offered; a bound on the gap filling should `from` be far off. */
const MAX_DAYS = 366;

/**
 * The report's days as line charts. The server leaves out days without legs; they are put back as
 * gaps so that the x axis stays proportional to time.
 */
export function qualityChartData(report: Pick<QualityReport, 'from' | 'to' | 'days'>): LineChartSpec[] {
  const days = everyDay(report);
  const labels = days.map((d) => d.day);
  const pick = (value: (figures: QualityFigures) => number | null) =>
    days.map((d) => (d.figures ? value(d.figures) : null));
  const percent = (ratio: number | null) => (ratio === null ? null : Math.round(ratio * 1000) / 10);
  const chart = (spec: Omit<LineChartSpec, 'labels'>): LineChartSpec => ({ ...spec, labels });
  return [
    chart({
      id: 'rates',
      title: 'Success rate and relay share',
      description: 'Line chart of the success rate and the relay share per day, in percent.',
      unit: '%',
      min: 0,
      max: 100,
      series: [
        { label: 'Success rate', data: pick((f) => percent(f.successRate)) },
        { label: 'Relay share', data: pick((f) => percent(f.relayShare)) },
      ],
    }),
    chart({
      id: 'time-to-connect',
      title: 'Time to connect',
      description: 'Line chart of the median and 95th percentile time to connect per day, in milliseconds.',
      unit: 'ms',
      min: 0,
      series: [
        { label: 'p50', data: pick((f) => f.timeToConnectMs.p50) },
        { label: 'p95', data: pick((f) => f.timeToConnectMs.p95) },
      ],
    }),
    chart({
      id: 'loss',
      title: 'Packet loss (p95)',
      description: 'Line chart of the 95th percentile packet loss per day, in percent.',
      unit: '%',
      min: 0,
      series: [{ label: 'Loss p95', data: pick((f) => f.lossPercent.p95) }],
    }),
    chart({
      id: 'mos',
      title: 'MOS (median)',
      description: 'Line chart of the median mean opinion score per day, from 1 (bad) to 4.5 (excellent).',
      unit: 'MOS',
      min: 1,
      max: 4.5,
      series: [{ label: 'MOS p50', data: pick((f) => f.mosP50) }],
    }),
  ];
}

/** Each UTC day from the first to the last (of the range, or of the days when the range is unusable). */
function everyDay(report: Pick<QualityReport, 'from' | 'to' | 'days'>): { day: string; figures?: QualityFigures }[] {
  const byDay = new Map<string, QualityFigures>();
  for (const figures of report.days) if (figures.day) byDay.set(figures.day, figures);
  const known = [...byDay.keys()].sort();
  const first = dayStart(report.from) ?? dayStart(known[0]);
  const last = dayStart(report.to) ?? dayStart(known[known.length - 1]);
  if (first === null || last === null || last < first || (last - first) / DAY_MS >= MAX_DAYS) {
    return known.map((day) => ({ day, figures: byDay.get(day) }));
  }
  const days: { day: string; figures?: QualityFigures }[] = [];
  for (let at = first; at <= last; at += DAY_MS) {
    const day = new Date(at).toISOString().slice(0, 10);
    days.push({ day, figures: byDay.get(day) });
  }
  // A day outside the range (clock skew between the request and the server) is still shown.
  const outside = known.filter((day) => !days.some((d) => d.day === day));
  return outside.length
    ? [...days, ...outside.map((day) => ({ day, figures: byDay.get(day) }))].sort((x, y) => x.day.localeCompare(y.day))
    : days;
}

function dayStart(value: string | undefined): number | null {
  if (!value) return null;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  const date = new Date(at);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}
