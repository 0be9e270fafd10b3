import { DestroyRef, inject, Injectable, InjectionToken } from '@angular/core';
import {
  ClientEvent,
  ClientEventMap,
  KEEPALIVE_INTERVAL_MS,
  parseServerMessage,
  ServerMessage,
} from '@webrtc-call/signaling-contracts';
import { Observable, Subject } from 'rxjs';

export type WebSocketFactory = (url: string) => WebSocket;

export const WEB_SOCKET_FACTORY = new InjectionToken<WebSocketFactory>('WEB_SOCKET_FACTORY', {
  providedIn: 'root',
  factory: () => (url) => new WebSocket(url),
});

export interface SignalingClosed {
  code: number;
  reason: string;
  /** False when the socket never opened, i.e. the server could not be reached. */
  wasOpen: boolean;
}

/** A server asking for keepalives more often than this would only get the socket closed for its rate. */
const MIN_KEEPALIVE_INTERVAL_MS = 1000;
/** How much of a malformed frame the warning shows: enough to recognise it, not a whole SDP. */
const LOGGED_FRAME_LENGTH = 200;

/**
 * `ws(s)://<this host>/ws?ticket=`, so the app works behind any reverse proxy without configuration.
 * A single-use ticket rather than the access token: URLs end up in proxy logs.
 */
export function signalingUrl(ticket: string, loc: Pick<Location, 'protocol' | 'host'> = location): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${loc.host}/ws?ticket=${encodeURIComponent(ticket)}`;
}

/**
 * One signaling WebSocket at a time. Messages sent before the socket opens are queued and flushed on
 * open; a keepalive is sent at the server's interval (KEEPALIVE_INTERVAL_MS until it names one) while
 * open. Every frame from the server is validated; a malformed one is logged and dropped. Call close()
 * to end the socket; `closed$` fires only when it ends for any other reason.
 */
@Injectable()
export class SignalingService {
  private readonly createSocket = inject(WEB_SOCKET_FACTORY);
  private readonly messagesSubject = new Subject<ServerMessage>();
  private readonly closedSubject = new Subject<SignalingClosed>();

  private socket: WebSocket | null = null;
  private outbox: string[] = [];
  private keepaliveTimer: ReturnType<typeof setInterval> | undefined;
  private keepaliveIntervalMs = KEEPALIVE_INTERVAL_MS;

  /** Frames from the server that passed `parseServerMessage`, typed and holding only protocol fields. */
  readonly messages$: Observable<ServerMessage> = this.messagesSubject.asObservable();
  /** The socket ended without close() being called (server closed it, network dropped, never opened). */
  readonly closed$: Observable<SignalingClosed> = this.closedSubject.asObservable();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.close());
  }

  get isConnected(): boolean {
    return this.socket !== null;
  }

  /** Opens a socket with a ticket from `POST /api/signaling/ticket` (each ticket opens one socket). */
  connect(ticket: string): void {
    this.close();
    const socket = this.createSocket(signalingUrl(ticket));
    let wasOpen = false;
    this.socket = socket;

    socket.onopen = () => {
      wasOpen = true;
      for (const frame of this.outbox) socket.send(frame);
      this.outbox = [];
      this.startKeepalive();
    };
    socket.onmessage = (event: MessageEvent) => this.receive(event.data);
    socket.onerror = () => console.warn('[signaling] socket error');
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket) return;
      this.reset();
      this.closedSubject.next({ code: event.code, reason: event.reason, wasOpen });
    };
  }

  send<E extends ClientEvent>(event: E, data: ClientEventMap[E]): void {
    const socket = this.socket;
    if (!socket) {
      console.warn(`[signaling] "${event}" not sent: not connected`);
      return;
    }
    const frame = JSON.stringify({ event, data });
    if (socket.readyState === WebSocket.OPEN) socket.send(frame);
    else if (socket.readyState === WebSocket.CONNECTING) this.outbox.push(frame);
    else console.warn(`[signaling] "${event}" not sent: socket is closing`);
  }

  /** The interval the server asked for in `resp-join`; it holds for this socket and the ones after it. */
  setKeepaliveInterval(ms: number): void {
    const interval = Math.max(MIN_KEEPALIVE_INTERVAL_MS, ms);
    if (interval === this.keepaliveIntervalMs) return;
    this.keepaliveIntervalMs = interval;
    if (this.keepaliveTimer !== undefined) this.startKeepalive();
  }

  /** Closes the socket on purpose; no `closed$` notification follows. */
  close(): void {
    const socket = this.socket;
    this.reset();
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
    if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) {
      socket.close(1000, 'leaving');
    }
  }

  private startKeepalive(): void {
    clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = setInterval(() => this.send('keepalive', {}), this.keepaliveIntervalMs);
  }

  private reset(): void {
    clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = undefined;
    this.outbox = [];
    this.socket = null;
  }

  private receive(raw: unknown): void {
    if (typeof raw !== 'string') {
      console.warn('[signaling] ignored a non-text frame');
      return;
    }
    const parsed = parseServerMessage(raw);
    if (!parsed.ok) {
      console.warn(`[signaling] ignored a malformed frame (${parsed.reason}):`, raw.slice(0, LOGGED_FRAME_LENGTH));
      return;
    }
    this.messagesSubject.next(parsed.message);
  }
}
