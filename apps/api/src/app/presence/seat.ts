import type { PeerInfo, ServerMessage } from '@webrtc-call/signaling-contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AuthUser } from '../../common/auth-user';

/** Where a seat's frames go while it has a socket. */
export interface SeatSocket {
  send(message: ServerMessage): void;
}

export interface SeatLimits {
  /** How long the seat is held after its socket is lost; 0: it is released at once. */
  resumeWindowMs: number;
  /** Frames kept while held, by count and by serialized size; beyond either the oldest are dropped. */
  maxQueuedFrames: number;
  maxQueuedBytes: number;
}

type SeatState = 'joined' | 'held' | 'released';

/**
 * One seat in a room, and everything that lives as long as it does: its current socket, its resume
 * token, the frames queued while it is held, and its timers (resume window, TURN refresh).
 * joined → held (socket lost) → joined (resumed) … → released. A released seat never comes back.
 */
export class Seat {
  audio = true;
  video = true;
  private state: SeatState = 'joined';
  private token = newResumeToken();
  private queue: Array<{ message: ServerMessage; bytes: number }> = [];
  private queuedBytes = 0;
  private resumeTimer: NodeJS.Timeout | null = null;
  private heldUntil: number | null = null;
  private turnTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly user: AuthUser,
    readonly roomId: string,
    readonly capacity: number,
    private current: SeatSocket | null,
    private readonly limits: SeatLimits,
    /** Given when the seat moves here from another instance, keeping its peer id. */
    readonly id: string = randomUUID(),
  ) {}

  get socket(): SeatSocket | null {
    return this.current;
  }

  get resumeToken(): string {
    return this.token;
  }

  get isHeld(): boolean {
    return this.state === 'held';
  }

  /** When the resume window of a held seat ends (ms since the epoch); null unless held. */
  get heldUntilMs(): number | null {
    return this.state === 'held' ? this.heldUntil : null;
  }

  get isReleased(): boolean {
    return this.state === 'released';
  }

  info(): PeerInfo {
    const info: PeerInfo = {
      peerId: this.id,
      userId: this.user.id,
      displayName: this.user.displayName,
      audio: this.audio,
      video: this.video,
    };
    if (this.state === 'held') info.reconnecting = true;
    if (this.user.guest) info.guest = true;
    return info;
  }

  /**
   * Straight to the socket, or into the bounded queue while held or not yet attached (its welcome is
   * still being put together); a released seat takes nothing.
   */
  deliver(message: ServerMessage): void {
    if (this.current) return this.current.send(message);
    if (this.state !== 'released') this.enqueue(message);
  }

  /** A seat created without a socket gets it once its owner has been welcomed; what queued meanwhile waits for `flush`. */
  attach(socket: SeatSocket): void {
    if (this.state === 'joined' && !this.current) this.current = socket;
  }

  private enqueue(message: ServerMessage): void {
    const bytes = JSON.stringify(message).length;
    if (bytes > this.limits.maxQueuedBytes) return;
    this.queue.push({ message, bytes });
    this.queuedBytes += bytes;
    while (this.queue.length > this.limits.maxQueuedFrames || this.queuedBytes > this.limits.maxQueuedBytes) {
      this.queuedBytes -= (this.queue.shift() as { bytes: number }).bytes;
    }
  }

  /** The socket was lost: hold the seat for the resume window; `expire` runs if nobody resumes in time. */
  hold(expire: () => void): void {
    if (this.state !== 'joined') return;
    this.current = null;
    this.state = 'held';
    this.heldUntil = Date.now() + this.limits.resumeWindowMs;
    this.resumeTimer = setTimeout(expire, this.limits.resumeWindowMs);
    this.resumeTimer.unref();
  }

  /**
   * `socket` takes the seat, whether it was held or still on a socket the server has not noticed is dead
   * (that socket loses it). The token rotates, so a token can resume once. Queued frames wait for `flush`.
   */
  resume(socket: SeatSocket): void {
    if (this.state === 'released') return;
    this.stopResumeTimer();
    this.current = socket;
    this.state = 'joined';
    this.token = newResumeToken();
  }

  /**
   * Frames kept for this seat elsewhere while it was held, older than any queued here: they go first,
   * sent by the next `flush`, within the same bounds (the oldest dropped).
   */
  preload(messages: ServerMessage[]): void {
    const newer = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    for (const message of messages) this.enqueue(message);
    for (const { message } of newer) this.enqueue(message);
  }

  /** Sends what queued up while the seat was held, in order. */
  flush(): void {
    const queued = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    for (const { message } of queued) this.deliver(message);
  }

  get refreshingTurn(): boolean {
    return this.turnTimer !== null;
  }

  /** Pushes fresh TURN credentials every `everyMs` for as long as the seat lives. */
  refreshTurn(everyMs: number, credentials: () => ServerMessage): void {
    this.turnTimer = setTimeout(() => {
      this.deliver(credentials());
      this.refreshTurn(everyMs, credentials);
    }, everyMs);
    this.turnTimer.unref();
  }

  /** The seat is gone for good: timers stopped, queue dropped, socket let go. */
  release(): void {
    this.state = 'released';
    this.current = null;
    this.stopResumeTimer();
    if (this.turnTimer) clearTimeout(this.turnTimer);
    this.turnTimer = null;
    this.queue = [];
    this.queuedBytes = 0;
  }

  private stopResumeTimer(): void {
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.resumeTimer = null;
  }
}

function newResumeToken(): string {
  return randomBytes(24).toString('base64url');
}
