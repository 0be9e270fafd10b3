import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { CallDetailView, CallSummaryView, Page } from '@webrtc-call/signaling-contracts';
import { BehaviorSubject, catchError, of, Subject, switchMap, tap } from 'rxjs';
import { apiErrorMessage } from '../core/api-error';
import { CallLegsComponent } from './call-legs.component';
import { CallRecordsService } from './call-records.service';

export const RECENT_CALLS_PAGE_SIZE = 10;

/** Recent calls, newest first, a page at a time; each opens onto its legs. */
@Component({
  selector: 'app-recent-calls',
  imports: [DatePipe, CallLegsComponent],
  templateUrl: './recent-calls.component.html',
  styleUrl: './recent-calls.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RecentCallsComponent {
  private readonly records = inject(CallRecordsService);
  private readonly page$ = new BehaviorSubject(1);
  private readonly open$ = new Subject<string | null>();

  protected readonly currentPage = signal(1);
  protected readonly calls = signal<Page<CallSummaryView> | null>(null);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly pageCount = computed(() => {
    const page = this.calls();
    return page ? Math.max(1, Math.ceil(page.total / page.limit)) : 1;
  });

  /** The call shown with its legs, at most one at a time. */
  protected readonly openId = signal<string | null>(null);
  protected readonly detail = signal<CallDetailView | null>(null);
  protected readonly detailLoading = signal(false);
  protected readonly detailError = signal<string | null>(null);

  constructor() {
    this.page$
      .pipe(
        tap(() => {
          this.loading.set(true);
          this.error.set(null);
          this.open$.next(null);
        }),
        switchMap((page) =>
          this.records.calls({ page, limit: RECENT_CALLS_PAGE_SIZE }).pipe(
            catchError((e: unknown) => {
              this.error.set(apiErrorMessage(e, 'The list of calls could not be loaded.'));
              return of(null);
            }),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((page) => {
        this.loading.set(false);
        if (page) this.calls.set(page);
      });

    this.open$
      .pipe(
        tap((id) => {
          this.openId.set(id);
          this.detail.set(null);
          this.detailError.set(null);
          this.detailLoading.set(id !== null);
        }),
        switchMap((id) =>
          id === null
            ? of(null)
            : this.records.call(id).pipe(
                catchError((e: unknown) => {
                  this.detailError.set(apiErrorMessage(e, 'The legs of this call could not be loaded.'));
                  return of(null);
                }),
              ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((detail) => {
        this.detailLoading.set(false);
        this.detail.set(detail);
      });
  }

  protected toggle(call: CallSummaryView): void {
    this.open$.next(this.openId() === call.id ? null : call.id);
  }

  protected goTo(page: number): void {
    if (page < 1 || page > this.pageCount()) return;
    this.currentPage.set(page);
    this.page$.next(page);
  }

  protected participants(call: CallSummaryView): string {
    const names = new Set(call.participants.map((p) => (p.guest ? `${p.displayName} (guest)` : p.displayName)));
    return [...names].join(', ') || '—';
  }
}
