import { InjectionToken } from '@angular/core';
import { SignalingCloseCode } from '@webrtc-call/signaling-contracts';
import { CallErrorReason } from './call-error';

export const RECONNECT_BASE_DELAY_MS = 500;
export const RECONNECT_MAX_DELAY_MS = 8000;
/** After this long without the server the call is given up; the seat is long gone by then. */
export const RECONNECT_GIVE_UP_MS = 120_000;
/** A restarting server comes back within seconds; its clients spread their returns over this much. */
export const RESTART_SPREAD_MS = 2000;

/** `() => [0, 1)`, injectable so tests can pin the jitter. */
export const RECONNECT_RANDOM = new InjectionToken<() => number>('RECONNECT_RANDOM', {
  providedIn: 'root',
  factory: () => Math.random,
});

/**
 * Exponential backoff with full jitter: anywhere between 0 and 0.5 s, 1 s, 2 s, 4 s, then 8 s. The
 * jitter keeps every client of a crashed server from knocking at the same instant when it comes back.
 */
export function backoffDelay(attempt: number, random: () => number): number {
  return random() * Math.min(RECONNECT_MAX_DELAY_MS, RECONNECT_BASE_DELAY_MS * 2 ** Math.max(0, attempt));
}

/** The server said it is restarting: come back soon, but not all at once. */
export function restartDelay(random: () => number): number {
  return random() * RESTART_SPREAD_MS;
}

/** What a lost socket calls for, judged by its close code. */
export type CloseVerdict =
  /** Reconnecting cannot help. */
  | { kind: 'fatal'; reason: CallErrorReason }
  /** The tokens were revoked or the session is stale: a fresh ticket may still be had, once. */
  | { kind: 'reauthorize' }
  /** The server is going away on purpose and will be back shortly. */
  | { kind: 'restart' }
  /** Anything else (network drop, crash, idle timeout): back off and try again. */
  | { kind: 'retry' };

export function closeVerdict(code: number): CloseVerdict {
  switch (code) {
    case SignalingCloseCode.Unauthorized:
      return { kind: 'reauthorize' };
    case SignalingCloseCode.Forbidden:
      return { kind: 'fatal', reason: 'account-disabled' };
    case SignalingCloseCode.TooManySockets:
      return { kind: 'fatal', reason: 'too-many-sockets' };
    // Reconnecting would only send the same too much again.
    case SignalingCloseCode.PolicyViolation:
    case SignalingCloseCode.MessageTooBig:
      return { kind: 'fatal', reason: 'policy-violation' };
    case 1001: // Going Away: the server shuts down (or a proxy in front of it does).
    case SignalingCloseCode.ServiceRestart:
      return { kind: 'restart' };
    default:
      return { kind: 'retry' };
  }
}
