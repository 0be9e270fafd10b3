import {
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ChartHandle } from './chart-loader';
import type { LineChartSpec } from './quality-chart-data';

// Only what a line chart needs, so the lazily loaded chunk stays small.
Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

/** The accent colour and a dark orange, both above 3:1 on white; the second series is dashed, with diamonds. */
const COLOURS = ['#2459c4', '#b54708'];
const POINTS = ['circle', 'rectRot'] as const;

export function createLineChart(canvas: HTMLCanvasElement, spec: LineChartSpec): ChartHandle {
  return new Chart(canvas, {
    type: 'line',
    data: {
      labels: spec.labels,
      datasets: spec.series.map((series, i) => ({
        label: series.label,
        data: series.data,
        borderColor: COLOURS[i % COLOURS.length],
        backgroundColor: COLOURS[i % COLOURS.length],
        borderDash: i ? [6, 4] : [],
        pointStyle: POINTS[i % POINTS.length],
        // Days without legs are gaps, so a day between two gaps is only a point: it has to be visible.
        pointRadius: 3.5,
        // Today sits on the right edge and a zero on the bottom one: clipped there, its point would be halved.
        clip: 5,
      })),
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: { y: { min: spec.min, max: spec.max, title: { display: true, text: spec.unit } } },
      plugins: { legend: { position: 'bottom', labels: { usePointStyle: true } } },
    },
  });
}
