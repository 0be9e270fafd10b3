import { HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, inject, Injectable } from '@angular/core';
import {
  ClientEvent,
  ClientEventMap,
  RESUME_WINDOW_MS,
  ServerEventMap,
  ServerMessage,
} from '@webrtc-call/signaling-contracts';
import { Observable, Subject, Subscription } from 'rxjs';
import { CallError } from './call-error';
import { backoffDelay, closeVerdict, RECONNECT_GIVE_UP_MS, RECONNECT_RANDOM, restartDelay } from './reconnect-policy';
import { SignalingTicketService } from './signaling-ticket.service';
import { SignalingClosed, SignalingService } from './signaling.service';

export type RoomConnectionEvent =
  /** The socket dropped after the join; a reconnect is scheduled. */
  | { type: 'reconnecting'; delayMs: number }
  /** Reconnecting cannot help. */
  | { type: 'ended'; error: CallError };

export interface RoomJoin {
  roomId: string;
  password?: string;
}

/**
 * The signaling socket of one room membership. Each socket is opened with a fresh single-use ticket,
 * then sends the join (the lobby may open the first one ahead: `warmUp()`). When the socket is lost after the join it reconnects as its close code says
 * (see reconnect-policy.ts) and, within the server's resume window, sends `join {roomId, resumeToken}`
 * so the server hands back the same seat.
 */
@Injectable()
export class RoomConnectionService {
  private readonly signaling = inject(SignalingService);
  private readonly tickets = inject(SignalingTicketService);
  private readonly random = inject(RECONNECT_RANDOM);
  private readonly eventsSubject = new Subject<RoomConnectionEvent>();
  private subscriptions = new Subscription();
  private ticketRequest: Subscription | null = null;
  private join: RoomJoin | null = null;
  private resumeToken: string | null = null;
  /** The server's own value from the last resp-join; the contract's default before that. */
  private resumeWindowMs = RESUME_WINDOW_MS;
  private joined = false;
  /** When the current outage began; null while the socket is fine. */
  private lostAt: number | null = null;
  /** Failed reconnects in the current outage: the backoff exponent. */
  private attempt = 0;
  /** A 4401 has already earned one fresh ticket since the last resp-join. */
  private reauthorized = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Every server frame, resp-join included. */
  readonly messages$: Observable<ServerMessage> = this.signaling.messages$;
  readonly events$: Observable<RoomConnectionEvent> = this.eventsSubject.asObservable();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.close());
  }

  get isOpen(): boolean {
    return this.signaling.isConnected;
  }

  /**
   * Opens the socket ahead of the join (from the lobby), so pressing Join costs one round trip instead
   * of a ticket request, a WebSocket handshake and the join. Does nothing once a join was asked for.
   */
  warmUp(): void {
    if (this.join || this.ticketRequest || this.signaling.isConnected) return;
    this.ticketRequest = this.tickets.issue().subscribe({
      next: ({ ticket }) => {
        this.ticketRequest = null;
        if (this.join) this.openSocket(ticket);
        else this.signaling.connect(ticket);
      },
      // Not fatal: open() asks for a ticket again and reports what goes wrong then.
      error: () => (this.ticketRequest = null),
    });
  }

  open(join: RoomJoin): void {
    // A warm socket (or its ticket on the way) from warmUp() carries this join; anything else starts afresh.
    const warm = this.join === null && (this.signaling.isConnected || this.ticketRequest !== null);
    if (!warm) this.close();
    this.join = join;
    this.subscriptions.add(this.signaling.closed$.subscribe((closed) => this.onClosed(closed)));
    this.subscriptions.add(
      this.signaling.messages$.subscribe((message) => {
        if (message.event === 'resp-join') this.onJoined(message.data);
      }),
    );
    if (!warm) this.connect();
    else if (this.signaling.isConnected) this.sendJoin();
  }

  send<E extends ClientEvent>(event: E, data: ClientEventMap[E]): void {
    this.signaling.send(event, data);
  }

  /** Ends the membership on purpose: no reconnect follows. */
  close(): void {
    clearTimeout(this.timer);
    this.ticketRequest?.unsubscribe();
    this.ticketRequest = null;
    this.subscriptions.unsubscribe();
    this.subscriptions = new Subscription();
    this.signaling.close();
    this.join = null;
    this.resumeToken = null;
    this.joined = false;
    this.lostAt = null;
    this.attempt = 0;
    this.reauthorized = false;
  }

  private onJoined(data: ServerEventMap['resp-join']): void {
    this.joined = true;
    this.lostAt = null;
    this.attempt = 0;
    this.reauthorized = false;
    this.resumeToken = data.resumeToken;
    this.resumeWindowMs = data.resumeWindowMs;
    this.signaling.setKeepaliveInterval(data.keepaliveIntervalMs);
  }

  private connect(): void {
    this.ticketRequest?.unsubscribe();
    this.ticketRequest = this.tickets.issue().subscribe({
      next: ({ ticket }) => this.openSocket(ticket),
      error: (error: unknown) => this.onTicketFailed(error),
    });
  }

  private openSocket(ticket: string): void {
    if (!this.join) return;
    this.signaling.connect(ticket);
    this.sendJoin();
  }

  private sendJoin(): void {
    if (!this.join) return;
    const { roomId, password } = this.join;
    // After the resume window the seat is gone; a plain join gets a fresh one.
    const resumeToken =
      this.lostAt !== null && Date.now() - this.lostAt < this.resumeWindowMs ? this.resumeToken : null;
    this.signaling.send('join', {
      roomId,
      ...(password ? { password } : {}),
      ...(resumeToken ? { resumeToken } : {}),
    });
  }

  private onTicketFailed(error: unknown): void {
    if (error instanceof HttpErrorResponse && error.status === 401) return this.end({ reason: 'session-expired' });
    console.warn('[signaling] could not get a ticket', error);
    this.onLost(false);
  }

  private onClosed({ code, wasOpen }: SignalingClosed): void {
    const verdict = closeVerdict(code);
    switch (verdict.kind) {
      case 'fatal':
        return this.end({ reason: verdict.reason });
      case 'reauthorize':
        // The page may hold a newer token than the one revoked (a password changed in this tab).
        if (this.reauthorized) return this.end({ reason: 'session-expired' });
        this.reauthorized = true;
        return this.retry(0);
      case 'restart':
        return this.joined ? this.retry(restartDelay(this.random)) : this.onLost(wasOpen);
      case 'retry':
        return this.onLost(wasOpen);
    }
  }

  /** A socket or a ticket request failed: before the first join that ends it, after it we back off. */
  private onLost(wasOpen: boolean): void {
    if (!this.joined) return this.end({ reason: wasOpen ? 'server-lost' : 'server-unreachable' });
    this.retry(backoffDelay(this.attempt++, this.random));
  }

  private retry(delayMs: number): void {
    const now = Date.now();
    this.lostAt ??= now;
    if (now - this.lostAt > RECONNECT_GIVE_UP_MS) return this.end({ reason: 'server-lost' });
    this.timer = setTimeout(() => this.connect(), delayMs);
    this.eventsSubject.next({ type: 'reconnecting', delayMs });
  }

  private end(error: CallError): void {
    this.close();
    this.eventsSubject.next({ type: 'ended', error });
  }
}
