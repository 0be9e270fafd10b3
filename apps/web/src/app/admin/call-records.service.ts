import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { CallDetailView, CallSummaryView, Page, QualityReport } from '@webrtc-call/signaling-contracts';
import { Observable } from 'rxjs';

/** Filters and page of `GET /api/admin/calls`; absent ones are left out of the query. */
export interface CallListQuery {
  roomId?: string;
  userId?: string;
  from?: Date;
  to?: Date;
  page?: number;
  limit?: number;
}

/** The call records the server keeps: calls with their legs, and quality figures per day. */
@Injectable({ providedIn: 'root' })
export class CallRecordsService {
  private readonly http = inject(HttpClient);

  calls(query: CallListQuery = {}): Observable<Page<CallSummaryView>> {
    let params = new HttpParams();
    if (query.roomId) params = params.set('roomId', query.roomId);
    if (query.userId) params = params.set('userId', query.userId);
    if (query.from) params = params.set('from', query.from.toISOString());
    if (query.to) params = params.set('to', query.to.toISOString());
    if (query.page !== undefined) params = params.set('page', query.page);
    if (query.limit !== undefined) params = params.set('limit', query.limit);
    return this.http.get<Page<CallSummaryView>>('/api/admin/calls', { params });
  }

  call(id: string): Observable<CallDetailView> {
    return this.http.get<CallDetailView>(`/api/admin/calls/${encodeURIComponent(id)}`);
  }

  quality(from: Date, to: Date): Observable<QualityReport> {
    const params = new HttpParams().set('from', from.toISOString()).set('to', to.toISOString());
    return this.http.get<QualityReport>('/api/admin/quality', { params });
  }
}
