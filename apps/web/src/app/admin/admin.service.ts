import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { AdminRoomView, AdminStats, AdminUpdateUserRequest, Page, UserView } from '@webrtc-call/signaling-contracts';
import { Observable } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class AdminService {
  private readonly http = inject(HttpClient);

  users(query: string): Observable<Page<UserView>> {
    const params = query.trim() ? new HttpParams().set('q', query.trim()) : undefined;
    return this.http.get<Page<UserView>>('/api/admin/users', { params });
  }

  updateUser(id: string, changes: AdminUpdateUserRequest): Observable<UserView> {
    return this.http.patch<UserView>(`/api/admin/users/${encodeURIComponent(id)}`, changes);
  }

  rooms(): Observable<Page<AdminRoomView>> {
    return this.http.get<Page<AdminRoomView>>('/api/admin/rooms');
  }

  closeRoom(id: string): Observable<void> {
    return this.http.delete<void>(`/api/admin/rooms/${encodeURIComponent(id)}`);
  }

  kick(roomId: string, peerId: string): Observable<void> {
    return this.http.delete<void>(
      `/api/admin/rooms/${encodeURIComponent(roomId)}/participants/${encodeURIComponent(peerId)}`,
    );
  }

  stats(): Observable<AdminStats> {
    return this.http.get<AdminStats>('/api/admin/stats');
  }
}
