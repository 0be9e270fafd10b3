import { Inject, Injectable, OnModuleDestroy, Optional } from '@nestjs/common';
import { AttemptCounter, attemptExpiresMs, AttemptRecord, AttemptRule, Attempts, attemptWaitMs } from './attempts';

/** Milliseconds since the epoch. */
export type Clock = () => number;
export const ATTEMPTS_CLOCK = Symbol('Attempts clock');
export const ATTEMPTS_CAPACITY = Symbol('Attempts capacity');

/** Keys tracked at once (about 200 bytes each). */
export const DEFAULT_ATTEMPTS_CAPACITY = 50_000;
/** What a new key waits when every entry is in use: about when the oldest windows end. */
export const FULL_WAIT_MS = 60_000;
const SWEEP_INTERVAL_MS = 30_000;

interface Entry extends AttemptRecord {
  expiresMs: number;
}

/** `Attempts` in this process's memory, with a fixed capacity. */
@Injectable()
export class LocalAttempts implements Attempts, OnModuleDestroy {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    @Optional() @Inject(ATTEMPTS_CLOCK) private readonly now: Clock = () => Date.now(),
    @Optional() @Inject(ATTEMPTS_CAPACITY) private readonly capacity: number = DEFAULT_ATTEMPTS_CAPACITY,
  ) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS).unref();
  }

  async take(counters: AttemptCounter[]): Promise<number> {
    const now = this.now();
    const wait = this.wait(counters, now);
    if (wait > 0) return wait;
    const fresh = counters.filter(({ key }) => !this.entries.has(key)).length;
    if (fresh > 0 && this.entries.size + fresh > this.capacity) {
      this.sweep();
      if (this.entries.size + fresh > this.capacity) return FULL_WAIT_MS;
    }
    for (const { key, rule } of counters) this.count(key, rule, now);
    return 0;
  }

  async waitMs(counters: AttemptCounter[]): Promise<number> {
    return this.wait(counters, this.now());
  }

  async clear(keys: string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  async refund(keys: string[]): Promise<void> {
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry && entry.count > 0) entry.count--;
    }
  }

  /** Keys tracked right now. */
  get size(): number {
    this.sweep();
    return this.entries.size;
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  private wait(counters: AttemptCounter[], now: number): number {
    return Math.max(0, ...counters.map(({ key, rule }) => attemptWaitMs(this.live(key, now), rule, now)));
  }

  private count(key: string, rule: AttemptRule, now: number): void {
    const entry = this.live(key, now) ?? { count: 0, firstMs: now, lastMs: now, expiresMs: now };
    entry.count++;
    entry.lastMs = now;
    entry.expiresMs = attemptExpiresMs(entry, rule);
    this.entries.set(key, entry);
  }

  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresMs <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresMs <= now) this.entries.delete(key);
  }
}
