import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { SignalingTicket } from '@webrtc-call/signaling-contracts';
import { HANDLES_OWN_401 } from '../core/handles-own-401';
import { MalformedTicketError, SignalingTicketService } from './signaling-ticket.service';

describe('SignalingTicketService', () => {
  let tickets: SignalingTicketService;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    tickets = TestBed.inject(SignalingTicketService);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('posts for a ticket and keeps a 401 for the caller to judge', () => {
    const issued: SignalingTicket[] = [];
    tickets.issue().subscribe((ticket) => issued.push(ticket));
    const request = http.expectOne({ method: 'POST', url: '/api/signaling/ticket' });
    expect(request.request.context.get(HANDLES_OWN_401)).toBe(true);
    request.flush({ ticket: 'tk', expiresInSeconds: 30 });
    expect(issued).toEqual([{ ticket: 'tk', expiresInSeconds: 30 }]);
  });

  it.each([[null], [{}], [{ ticket: '', expiresInSeconds: 30 }], [{ ticket: 'tk' }]])(
    'fails when the answer %o is not a ticket',
    (body) => {
      const errors: unknown[] = [];
      tickets.issue().subscribe({ error: (error: unknown) => errors.push(error) });
      http.expectOne('/api/signaling/ticket').flush(body);
      expect(errors).toEqual([expect.any(MalformedTicketError)]);
    },
  );
});
