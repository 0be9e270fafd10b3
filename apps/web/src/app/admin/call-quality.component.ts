import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { QualityReport } from '@webrtc-call/signaling-contracts';
import { BehaviorSubject, catchError, of, switchMap, tap } from 'rxjs';
import { apiErrorMessage } from '../core/api-error';
import { CallRecordsService } from './call-records.service';
import { qualityChartData } from './quality-chart-data';
import { QualityChartComponent } from './quality-chart.component';
import { msText, mosText, percentText, ratioText } from './quality-format';
import { QUALITY_RANGE_DAYS, qualityRange, QualityRangeDays } from './quality-range';

/** Call quality over the last days: summary figures, charts by day and the same figures as a table. */
@Component({
  selector: 'app-call-quality',
  imports: [QualityChartComponent],
  templateUrl: './call-quality.component.html',
  styleUrl: './call-quality.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CallQualityComponent {
  private readonly records = inject(CallRecordsService);
  private readonly range$ = new BehaviorSubject<QualityRangeDays>(7);

  protected readonly ranges = QUALITY_RANGE_DAYS;
  protected readonly rangeDays = signal<QualityRangeDays>(7);
  protected readonly report = signal<QualityReport | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly charts = computed(() => {
    const report = this.report();
    return report ? qualityChartData(report) : [];
  });
  protected readonly days = computed(() =>
    [...(this.report()?.days ?? [])].sort((x, y) => (x.day ?? '').localeCompare(y.day ?? '')),
  );

  protected readonly ratio = ratioText;
  protected readonly ms = msText;
  protected readonly percent = percentText;
  protected readonly mos = mosText;

  constructor() {
    this.range$
      .pipe(
        tap(() => {
          this.loading.set(true);
          this.error.set(null);
          this.report.set(null);
        }),
        switchMap((days) => {
          const { from, to } = qualityRange(days, new Date());
          return this.records.quality(from, to).pipe(
            catchError((e: unknown) => {
              this.error.set(apiErrorMessage(e, 'The call quality figures could not be loaded.'));
              return of(null);
            }),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((report) => {
        this.loading.set(false);
        this.report.set(report);
      });
  }

  protected selectRange(value: string): void {
    const days = this.ranges.find((d) => String(d) === value);
    if (days === undefined || days === this.rangeDays()) return;
    this.rangeDays.set(days);
    this.range$.next(days);
  }
}
