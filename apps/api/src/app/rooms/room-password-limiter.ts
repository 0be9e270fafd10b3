import { Inject, Injectable, Optional } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';

/** Milliseconds since the epoch. */
export type Clock = () => number;
export const ROOM_PASSWORD_CLOCK = Symbol('RoomPasswordLimiter clock');

/** Users and rooms tracked at once; beyond this the oldest entry is forgotten. */
export const MAX_TRACKED_ATTEMPTS = 10_000;

interface Attempts {
  count: number;
  windowEndsMs: number;
}

/**
 * Counts room passwords tried per user and room, so that guessing costs at most `maxAttempts` password
 * checks per window. The window starts with the first attempt; once the attempts are used up, the user
 * waits for it to end. A correct password clears the count.
 */
@Injectable()
export class RoomPasswordLimiter {
  /** In insertion order, which is also the order in which windows end. */
  private readonly attempts = new Map<string, Attempts>();
  private readonly maxAttempts: number;
  private readonly windowMs: number;

  constructor(
    config: AppConfig,
    @Optional() @Inject(ROOM_PASSWORD_CLOCK) private readonly now: Clock = () => Date.now(),
  ) {
    this.maxAttempts = config.roomPasswordLimit.maxAttempts;
    this.windowMs = config.roomPasswordLimit.windowMs;
  }

  /** Milliseconds until this user may try a password for this room again; 0 when they may now. */
  waitMs(userId: string, roomId: string): number {
    const now = this.now();
    const entry = this.current(key(userId, roomId), now);
    return entry && entry.count >= this.maxAttempts ? entry.windowEndsMs - now : 0;
  }

  /** Counts a password about to be checked (before the check, so that parallel joins cannot exceed the limit). */
  attempted(userId: string, roomId: string): void {
    const now = this.now();
    const id = key(userId, roomId);
    const entry = this.current(id, now);
    if (entry) {
      entry.count++;
      return;
    }
    if (this.attempts.size >= MAX_TRACKED_ATTEMPTS) this.attempts.delete(this.attempts.keys().next().value as string);
    this.attempts.set(id, { count: 1, windowEndsMs: now + this.windowMs });
  }

  succeeded(userId: string, roomId: string): void {
    this.attempts.delete(key(userId, roomId));
  }

  /** Entries tracked right now (ended windows are dropped as time passes). */
  get size(): number {
    this.dropEnded(this.now());
    return this.attempts.size;
  }

  private current(id: string, now: number): Attempts | undefined {
    this.dropEnded(now);
    const entry = this.attempts.get(id);
    if (entry && entry.windowEndsMs <= now) {
      // Only reachable if the system clock went back.
      this.attempts.delete(id);
      return undefined;
    }
    return entry;
  }

  private dropEnded(now: number): void {
    for (const [id, entry] of this.attempts) {
      if (entry.windowEndsMs > now) return;
      this.attempts.delete(id);
    }
  }
}

function key(userId: string, roomId: string): string {
  return `${userId} ${roomId}`;
}
