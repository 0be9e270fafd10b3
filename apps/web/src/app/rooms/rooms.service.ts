import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { CreateRoomRequest, LobbyParticipant, Page, RoomView } from '@webrtc-call/signaling-contracts';
import { Observable } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class RoomsService {
  private readonly http = inject(HttpClient);

  /** My rooms and every public room, newest first, each with how many people are in its call. */
  list(page = 1, limit = 20): Observable<Page<RoomView>> {
    const params = new HttpParams().set('page', page).set('limit', limit);
    return this.http.get<Page<RoomView>>('/api/rooms', { params });
  }

  create(request: CreateRoomRequest): Observable<RoomView> {
    return this.http.post<RoomView>('/api/rooms', request);
  }

  get(id: string): Observable<RoomView> {
    return this.http.get<RoomView>(`/api/rooms/${encodeURIComponent(id)}`);
  }

  /** Who is in the room's call (refused for a password room, except to its owner). */
  participants(id: string): Observable<LobbyParticipant[]> {
    return this.http.get<LobbyParticipant[]>(`/api/rooms/${encodeURIComponent(id)}/participants`);
  }

  /** Lets the account admit and deny people waiting for the room (owner or admin only). */
  makeModerator(roomId: string, userId: string): Observable<void> {
    return this.http.put<void>(
      `/api/rooms/${encodeURIComponent(roomId)}/moderators/${encodeURIComponent(userId)}`,
      null,
    );
  }

  remove(id: string): Observable<void> {
    return this.http.delete<void>(`/api/rooms/${encodeURIComponent(id)}`);
  }

  /** Removes a peer from the room's call and bars its account from the room (owner or admin only). */
  removeParticipant(roomId: string, peerId: string): Observable<void> {
    return this.http.delete<void>(
      `/api/rooms/${encodeURIComponent(roomId)}/participants/${encodeURIComponent(peerId)}`,
    );
  }
}
