import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { CreatedInvite, CreateInviteRequest, InviteView } from '@webrtc-call/signaling-contracts';
import { Observable } from 'rxjs';

/** The link a guest follows; the secret stays in the fragment, which browsers never send to a server. */
export function inviteLink(secret: string, origin = location.origin): string {
  return `${origin}/invite#${secret}`;
}

/** A room's invite links, for its owner and administrators. */
@Injectable({ providedIn: 'root' })
export class InvitesService {
  private readonly http = inject(HttpClient);

  create(roomId: string, request: CreateInviteRequest = {}): Observable<CreatedInvite> {
    return this.http.post<CreatedInvite>(`/api/rooms/${encodeURIComponent(roomId)}/invites`, request);
  }

  list(roomId: string): Observable<InviteView[]> {
    return this.http.get<InviteView[]>(`/api/rooms/${encodeURIComponent(roomId)}/invites`);
  }

  /** The link stops working and its guests leave the call. */
  revoke(roomId: string, inviteId: string): Observable<void> {
    return this.http.delete<void>(`/api/rooms/${encodeURIComponent(roomId)}/invites/${encodeURIComponent(inviteId)}`);
  }
}
