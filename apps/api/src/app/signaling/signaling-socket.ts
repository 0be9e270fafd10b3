import { ParseResult, ServerMessage, SignalingCloseCode, SignalingErrorCode } from '@webrtc-call/signaling-contracts';
import type { RawData } from 'ws';
import type { AuthUser } from '../../common/auth-user';
import type { MetricsService } from '../metrics/metrics.service';
import type { Seat, SeatSocket } from '../presence/seat';
import type { SignalingService } from './signaling.service';
import type { PeerTransport } from './transports';

export type FrameParser = (data: RawData, isBinary: boolean) => ParseResult;

export interface SocketLimits {
  ratePerSecond: number;
  rateBurst: number;
  /** Frames over budget tolerated before the socket is closed with 1008. */
  maxViolations: number;
}

/** A refused frame: the error the client is sent. */
export interface Refusal {
  code: SignalingErrorCode;
  message: string;
  retryAfterSeconds?: number;
}

/** After being told to close, a client gets this long to finish the handshake before it is cut off. */
export const CLOSE_GRACE_MS = 1000;
/** A violation this long after the previous one starts a fresh count. */
const VIOLATION_MEMORY_MS = 1000;

/**
 * One authenticated signaling socket: its user, its seat (if any), its liveness and its message budget.
 * It takes raw frames, spends budget before parsing them, and dispatches each to the room rules.
 */
export class SignalingSocket {
  /** Set while a join waits for the database, so a second join cannot race it. */
  joining = false;
  lastSeenMs: number;
  private seated: Seat | null = null;
  private closeRequested = false;
  private tokens: number;
  private refilledAtMs: number;
  private violations = 0;
  private lastViolationMs = 0;

  constructor(
    readonly user: AuthUser,
    private readonly transport: PeerTransport,
    private readonly parse: FrameParser,
    private readonly rules: SignalingService,
    private readonly metrics: MetricsService,
    private readonly limits: SocketLimits,
    nowMs = Date.now(),
  ) {
    this.tokens = limits.rateBurst;
    this.refilledAtMs = nowMs;
    this.lastSeenMs = nowMs;
  }

  /** The seat this socket holds; null once another socket resumed it or it was released. */
  get seat(): Seat | null {
    const seat = this.seated;
    return seat && seat.socket === this.transport ? seat : null;
  }

  set seat(seat: Seat | null) {
    this.seated = seat;
  }
  /** What a seat writes to: the transport itself, so delivered frames go straight to the wire. */
  get outbox(): SeatSocket {
    return this.transport;
  }

  /**
   * Set once the server has decided to close it, or its transport cut it off for not reading: nothing
   * it sends is acted on, its seat is not held.
   */
  get closing(): boolean {
    return this.closeRequested || this.transport.cutOff;
  }

  get isOpen(): boolean {
    return this.transport.isOpen && !this.closing;
  }

  receive(data: RawData, isBinary: boolean, nowMs = Date.now()): void {
    if (this.closing) return;
    this.lastSeenMs = nowMs;
    if (!this.take(nowMs)) return this.overBudget(nowMs);
    const parsed = this.parse(data, isBinary);
    if (!parsed.ok) return this.refuse({ code: parsed.code, message: parsed.message }, parsed.ref);
    const { message, ref } = parsed;
    switch (message.event) {
      case 'join':
        void this.rules.join(this, message.data).then((refusal) => refusal && this.refuse(refusal, ref));
        return;
      case 'offer':
      case 'answer':
      case 'candidate': {
        const refusal = this.rules.relay(this, message);
        if (refusal instanceof Promise) void refusal.then((late) => this.refuse(late, ref));
        else this.refuse(refusal, ref);
        return;
      }
      case 'leave':
        return this.refuse(this.rules.leave(this), ref);
      case 'keepalive':
        return this.send({ event: 'keepalive', data: {} });
      case 'mute':
        return this.refuse(this.rules.mute(this, message.data), ref);
      case 'chat':
        return this.refuse(this.rules.chat(this, message.data.text, nowMs), ref);
      case 'admit':
      case 'deny':
        return this.refuse(this.rules.decide(this, message.data.requestId, message.event === 'admit'), ref);
      case 'stats':
        void this.rules.stats(this, message.data).then((refusal) => this.refuse(refusal, ref));
        return;
    }
  }

  /** A pong proves the socket is alive. */
  alive(nowMs = Date.now()): void {
    this.lastSeenMs = nowMs;
  }

  send(message: ServerMessage): void {
    this.transport.send(message);
  }

  ping(): void {
    this.transport.ping();
  }

  /** Closes with `code`, and cuts the socket off if the client does not finish the handshake in time. */
  shutdown(code: number, reason: string): void {
    if (this.closing) return;
    this.closeRequested = true;
    this.transport.close(code, reason);
    setTimeout(() => this.transport.terminate(), CLOSE_GRACE_MS).unref();
  }

  /** Drops a socket that went silent; its seat is not held for a resume. */
  terminate(): void {
    this.closeRequested = true;
    this.transport.terminate();
  }

  /** Answers a refused frame (or a refused join decided later) with an `error`. */
  refuse(refusal: Refusal | null, ref?: string | number): void {
    if (!refusal) return;
    this.metrics.countSignalingError(refusal.code);
    const data: ServerMessage & { event: 'error' } = { event: 'error', data: { ...refusal } };
    if (ref !== undefined) data.data.ref = ref;
    this.send(data);
  }

  /** The first frame over budget is answered; a client that keeps going is closed, not answered frame by frame. */
  private overBudget(nowMs: number): void {
    if (nowMs - this.lastViolationMs > VIOLATION_MEMORY_MS) this.violations = 0;
    this.lastViolationMs = nowMs;
    this.violations++;
    if (this.violations === 1) {
      this.refuse({ code: SignalingErrorCode.RateLimited, message: 'slow down: messages are being dropped' });
    } else if (this.violations > this.limits.maxViolations) {
      this.shutdown(SignalingCloseCode.PolicyViolation, 'too many messages');
    }
  }

  /** Token bucket: false when the socket has used up its burst and its sustained rate. */
  private take(nowMs: number): boolean {
    const elapsed = nowMs - this.refilledAtMs;
    if (elapsed > 0) {
      this.tokens = Math.min(this.limits.rateBurst, this.tokens + (elapsed * this.limits.ratePerSecond) / 1000);
      this.refilledAtMs = nowMs;
    }
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
