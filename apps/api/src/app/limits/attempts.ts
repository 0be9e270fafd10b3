import { HttpStatus } from '@nestjs/common';
import { ApiErrorCode } from '@webrtc-call/signaling-contracts';
import { RetryLaterException } from '../../common/retry-later.exception';

/**
 * How tries at something guessable (a login, a room password, a password hash) are counted.
 * - `window`: `limit` tries per window, which starts with the first try; then wait for it to end.
 * - `backoff`: `free` tries, then each further try waits twice as long as the one before (from `baseMs`
 *   up to `maxMs`, counted from the last try). The count is forgotten `forgetMs` after the last try, so
 *   someone who keeps trying never starts afresh.
 */
export type AttemptRule =
  | { kind: 'window'; limit: number; windowMs: number }
  | { kind: 'backoff'; free: number; baseMs: number; maxMs: number; forgetMs: number };

/** The tries counted under one key so far. */
export interface AttemptRecord {
  count: number;
  firstMs: number;
  lastMs: number;
}

export interface AttemptCounter {
  key: string;
  rule: AttemptRule;
}

/**
 * Counts tries per key, shared by everything that checks a secret. The in-memory implementation
 * (`LocalAttempts`) has a fixed number of entries and refuses new keys when they are all in use, rather
 * than forgetting live ones: nobody can wipe someone else's count by creating entries.
 */
export interface Attempts {
  /**
   * Counts one try against every counter, or against none: 0 when counted, otherwise the milliseconds
   * until all of them allow one. Counting happens before the secret is checked, so parallel tries
   * cannot exceed a limit.
   */
  take(counters: AttemptCounter[]): Promise<number>;
  /** The milliseconds until every counter allows a try; counts nothing. */
  waitMs(counters: AttemptCounter[]): Promise<number>;
  /** Forgets these keys: the secret was right. */
  clear(keys: string[]): Promise<void>;
  /** Takes back one try from each key (a right secret that a shared count should not hold against others). */
  refund(keys: string[]): Promise<void>;
}

export const ATTEMPTS = Symbol('Attempts');

/** Counts a try, or refuses the request with 429 rate-limited and Retry-After. */
export async function takeOrRefuse(attempts: Attempts, counters: AttemptCounter[], message: string): Promise<void> {
  const waitMs = await attempts.take(counters);
  if (waitMs > 0) {
    throw new RetryLaterException(
      HttpStatus.TOO_MANY_REQUESTS,
      ApiErrorCode.RateLimited,
      `${message}; try again later`,
      waitMs,
    );
  }
}

/** Milliseconds `record` must wait under `rule` at `now`; 0 when it may try. */
export function attemptWaitMs(record: AttemptRecord | undefined, rule: AttemptRule, now: number): number {
  if (!record) return 0;
  if (rule.kind === 'window') return record.count >= rule.limit ? Math.max(0, record.firstMs + rule.windowMs - now) : 0;
  if (record.count < rule.free) return 0;
  return Math.max(0, record.lastMs + backoffDelayMs(record.count, rule) - now);
}

/** When the record can be forgotten: its window is over, or its backoff and forget delay have passed. */
export function attemptExpiresMs(record: AttemptRecord, rule: AttemptRule): number {
  if (rule.kind === 'window') return record.firstMs + rule.windowMs;
  return record.lastMs + Math.max(rule.forgetMs, record.count >= rule.free ? backoffDelayMs(record.count, rule) : 0);
}

function backoffDelayMs(count: number, rule: Extract<AttemptRule, { kind: 'backoff' }>): number {
  const doublings = Math.min(count - rule.free, 40);
  return Math.min(rule.baseMs * 2 ** doublings, rule.maxMs);
}
