import { HttpErrorResponse } from '@angular/common/http';
import { Injectable } from '@angular/core';
import { SignalingTicket } from '@webrtc-call/signaling-contracts';
import { Observable, of, throwError } from 'rxjs';

/** The ticket endpoint as a server that says yes at once: ticket-1, ticket-2, … unless told to refuse. */
@Injectable()
export class FakeSignalingTickets {
  private issued = 0;
  private refusals: number[] = [];

  readonly issue = jest.fn((): Observable<SignalingTicket> => {
    const status = this.refusals.shift();
    if (status !== undefined) return throwError(() => new HttpErrorResponse({ status, url: '/api/signaling/ticket' }));
    return of({ ticket: `ticket-${++this.issued}`, expiresInSeconds: 30 });
  });

  /** The next request is answered with this HTTP status (0 = the network failed). */
  refuseNext(status: number): void {
    this.refusals.push(status);
  }
}
