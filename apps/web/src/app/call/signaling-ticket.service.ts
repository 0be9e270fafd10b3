import { HttpClient, HttpContext } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { SignalingTicket } from '@webrtc-call/signaling-contracts';
import { map, Observable } from 'rxjs';
import { HANDLES_OWN_401 } from '../core/handles-own-401';

/** Thrown for a 2xx answer that is not a ticket, so it counts as a failed attempt like any other. */
export class MalformedTicketError extends Error {
  constructor() {
    super('the ticket endpoint did not answer with a ticket');
    this.name = 'MalformedTicketError';
  }
}

function isTicket(body: unknown): body is SignalingTicket {
  if (typeof body !== 'object' || body === null) return false;
  const { ticket, expiresInSeconds } = body as Partial<Record<keyof SignalingTicket, unknown>>;
  return typeof ticket === 'string' && ticket.length > 0 && typeof expiresInSeconds === 'number';
}

/**
 * Single-use credentials for opening a signaling socket: the access token stays in the Authorization
 * header instead of travelling in a WebSocket URL. Every socket needs a fresh one.
 */
@Injectable({ providedIn: 'root' })
export class SignalingTicketService {
  private readonly http = inject(HttpClient);

  /**
   * `POST /api/signaling/ticket`. A 401 is left to the caller: the call engine ends the call and sends
   * the person to log in, returning to the call afterwards.
   */
  issue(): Observable<SignalingTicket> {
    const context = new HttpContext().set(HANDLES_OWN_401, true);
    return this.http.post<unknown>('/api/signaling/ticket', {}, { context }).pipe(
      map((body) => {
        if (!isTicket(body)) throw new MalformedTicketError();
        return body;
      }),
    );
  }
}
