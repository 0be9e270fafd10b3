import { DestroyRef, inject, Injectable } from '@angular/core';
import {
  ClientEvent,
  ClientEventMap,
  RESUME_WINDOW_MS,
  ServerMessage,
  SignalingCloseCode,
} from '@webrtc-call/signaling-contracts';
import { Observable, Subject, Subscription } from 'rxjs';
import { fatalCloseMessage, SERVER_LOST, SERVER_UNREACHABLE } from './call-errors';
import { reconnectDelay, RECONNECT_GIVE_UP_MS } from './reconnect-delay';
import { SignalingClosed, SignalingService } from './signaling.service';

export type RoomConnectionEvent =
  /** The socket dropped after the join; a reconnect is scheduled. */
  | { type: 'reconnecting'; attempt: number; delayMs: number }
  /** Reconnecting cannot help; `unauthorized` means the token was rejected. */
  | { type: 'ended'; message: string; unauthorized: boolean };

export interface RoomJoin {
  roomId: string;
  password?: string;
}

/**
 * The signaling socket of one room membership. It sends the join, and when the socket is lost after
 * the join (network drop, server restart, anything the app did not close itself) it reconnects with
 * exponential backoff and sends `join {roomId, resumeToken}` so the server hands back the same seat.
 */
@Injectable()
export class RoomConnectionService {
  private readonly signaling = inject(SignalingService);
  private readonly eventsSubject = new Subject<RoomConnectionEvent>();
  private subscriptions = new Subscription();
  private token: string | null = null;
  private join: RoomJoin | null = null;
  private resumeToken: string | null = null;
  private joined = false;
  private lostAt: number | null = null;
  private attempt = 0;
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

  open(token: string, join: RoomJoin): void {
    this.close();
    this.token = token;
    this.join = join;
    this.subscriptions.add(this.signaling.closed$.subscribe((closed) => this.onClosed(closed)));
    this.subscriptions.add(
      this.signaling.messages$.subscribe((message) => {
        if (message.event !== 'resp-join') return;
        this.joined = true;
        this.lostAt = null;
        this.attempt = 0;
        if (typeof message.data.resumeToken === 'string') this.resumeToken = message.data.resumeToken;
      }),
    );
    this.connect(null);
  }

  send<E extends ClientEvent>(event: E, data: ClientEventMap[E]): void {
    this.signaling.send(event, data);
  }

  /** Ends the membership on purpose: no reconnect follows. */
  close(): void {
    clearTimeout(this.timer);
    this.subscriptions.unsubscribe();
    this.subscriptions = new Subscription();
    this.signaling.close();
    this.join = null;
    this.resumeToken = null;
    this.joined = false;
    this.lostAt = null;
    this.attempt = 0;
  }

  private connect(resumeToken: string | null): void {
    if (!this.token || !this.join) return;
    this.signaling.connect(this.token);
    const { roomId, password } = this.join;
    this.signaling.send('join', {
      roomId,
      ...(password ? { password } : {}),
      ...(resumeToken ? { resumeToken } : {}),
    });
  }

  private onClosed({ code, wasOpen }: SignalingClosed): void {
    if (code === SignalingCloseCode.Unauthorized)
      return this.end('Your session has expired. Please log in again.', true);
    const fatal = fatalCloseMessage(code);
    if (fatal) return this.end(fatal);
    if (!this.joined) return this.end(wasOpen ? SERVER_LOST : SERVER_UNREACHABLE);

    const now = Date.now();
    this.lostAt ??= now;
    if (now - this.lostAt > RECONNECT_GIVE_UP_MS) return this.end(SERVER_LOST);
    const lostAt = this.lostAt;
    const attempt = this.attempt++;
    const delayMs = reconnectDelay(attempt);
    this.timer = setTimeout(() => {
      // After the resume window the seat is gone; a plain join gets a fresh one.
      this.connect(Date.now() - lostAt < RESUME_WINDOW_MS ? this.resumeToken : null);
    }, delayMs);
    this.eventsSubject.next({ type: 'reconnecting', attempt, delayMs });
  }

  private end(message: string, unauthorized = false): void {
    this.close();
    this.eventsSubject.next({ type: 'ended', message, unauthorized });
  }
}
