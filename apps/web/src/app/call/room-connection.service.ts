import { DestroyRef, inject, Injectable } from '@angular/core';
import {
  ClientEvent,
  ClientEventMap,
  RESUME_WINDOW_MS,
  ServerMessage,
  SignalingCloseCode,
} from '@webrtc-call/signaling-contracts';
import { Observable, Subject, Subscription } from 'rxjs';
import { CallError, CallErrorReason } from './call-error';
import { reconnectDelay, RECONNECT_GIVE_UP_MS } from './reconnect-delay';
import { SignalingClosed, SignalingService } from './signaling.service';

export type RoomConnectionEvent =
  /** The socket dropped after the join; a reconnect is scheduled. */
  | { type: 'reconnecting'; attempt: number; delayMs: number }
  /** Reconnecting cannot help. */
  | { type: 'ended'; error: CallError };

/** Close codes after which reconnecting cannot help. */
const FATAL_CLOSES: ReadonlyMap<number, CallErrorReason> = new Map<number, CallErrorReason>([
  [SignalingCloseCode.Unauthorized, 'session-expired'],
  [SignalingCloseCode.Forbidden, 'account-disabled'],
  [SignalingCloseCode.TooManySockets, 'too-many-sockets'],
]);

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
    const fatal = FATAL_CLOSES.get(code);
    if (fatal) return this.end({ reason: fatal });
    if (!this.joined) return this.end({ reason: wasOpen ? 'server-lost' : 'server-unreachable' });

    const now = Date.now();
    this.lostAt ??= now;
    if (now - this.lostAt > RECONNECT_GIVE_UP_MS) return this.end({ reason: 'server-lost' });
    const lostAt = this.lostAt;
    const attempt = this.attempt++;
    const delayMs = reconnectDelay(attempt);
    this.timer = setTimeout(() => {
      // After the resume window the seat is gone; a plain join gets a fresh one.
      this.connect(Date.now() - lostAt < RESUME_WINDOW_MS ? this.resumeToken : null);
    }, delayMs);
    this.eventsSubject.next({ type: 'reconnecting', attempt, delayMs });
  }

  private end(error: CallError): void {
    this.close();
    this.eventsSubject.next({ type: 'ended', error });
  }
}
