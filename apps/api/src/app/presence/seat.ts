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
  readonly id = randomUUID();
  audio = true;
  video = true;
  private state: SeatState = 'joined';
  private token = newResumeToken();
  private queue: Array<{ message: ServerMessage; bytes: number }> = [];
  private queuedBytes = 0;
  private resumeTimer: NodeJS.Timeout | null = null;
  private turnTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly user: AuthUser,
    readonly roomId: string,
    readonly capacity: number,
    private current: SeatSocket | null,
    private readonly limits: SeatLimits,
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

  /** Straight to the socket, or into the bounded queue while held; a released seat takes nothing. */
  deliver(message: ServerMessage): void {
    if (this.current) return this.current.send(message);
    if (this.state !== 'held') return;
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

  /** Sends what queued up while the seat was held, in order. */
  flush(): void {
    const queued = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    for (const { message } of queued) this.deliver(message);
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
