import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  inject,
  input,
  signal,
  viewChild,
} from '@angular/core';
import { ChartHandle, LINE_CHART_LOADER } from './chart-loader';
import { LineChartSpec } from './quality-chart-data';

/** One line chart; drawn again, on a fresh Chart instance, whenever its figures change. */
@Component({
  selector: 'app-quality-chart',
  template: `
    <h3>{{ spec().title }}</h3>
    @if (failed()) {
      <p class="hint">The chart could not be drawn; the table of figures by day has the same numbers.</p>
    }
    <div class="frame">
      <canvas #canvas role="img" [attr.aria-label]="spec().description" data-testid="quality-chart"></canvas>
    </div>
  `,
  styles: `
    h3 {
      font-size: 1rem;
      margin: 0 0 0.4rem;
    }
    .frame {
      position: relative;
      height: 14rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class QualityChartComponent {
  readonly spec = input.required<LineChartSpec>();

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly load = inject(LINE_CHART_LOADER);
  private chart: ChartHandle | null = null;
  protected readonly failed = signal(false);

  constructor() {
    afterRenderEffect((onCleanup) => {
      const spec = this.spec();
      const canvas = this.canvas().nativeElement;
      let current = true;
      this.load().then(
        (draw) => {
          if (current) this.chart = draw(canvas, spec);
        },
        () => this.failed.set(true),
      );
      // Runs before the next drawing and when the component is destroyed: Chart.js keeps listeners and
      // refuses a second chart on a canvas until the first is destroyed.
      onCleanup(() => {
        current = false;
        this.destroyChart();
      });
    });
  }

  private destroyChart(): void {
    this.chart?.destroy();
    this.chart = null;
  }
}
