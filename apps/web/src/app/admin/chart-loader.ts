import { InjectionToken } from '@angular/core';
import type { LineChartSpec } from './quality-chart-data';

/** A drawn chart; destroying it releases its canvas and listeners. */
export interface ChartHandle {
  destroy(): void;
}

export type LineChartFactory = (canvas: HTMLCanvasElement, spec: LineChartSpec) => ChartHandle;

/**
 * Loads the chart library on first use: it is only needed on the admin page, so it stays out of the
 * initial bundle. A token so that tests can draw without a canvas.
 */
export const LINE_CHART_LOADER = new InjectionToken<() => Promise<LineChartFactory>>('LINE_CHART_LOADER', {
  providedIn: 'root',
  factory: () => () => import('./line-chart').then((m) => m.createLineChart),
});
