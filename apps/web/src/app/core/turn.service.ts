import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { TurnCredentials } from '@webrtc-call/signaling-contracts';
import { Observable } from 'rxjs';

/** Short-lived TURN credentials for the lobby hint and the connectivity check; calls get theirs in resp-join. */
@Injectable({ providedIn: 'root' })
export class TurnService {
  private readonly http = inject(HttpClient);

  credentials(): Observable<TurnCredentials> {
    return this.http.get<TurnCredentials>('/api/turn/credentials');
  }
}
