export const RECONNECT_BASE_DELAY_MS = 500;
export const RECONNECT_MAX_DELAY_MS = 8000;
/** After this long without the server the call is given up; the seat is long gone by then. */
export const RECONNECT_GIVE_UP_MS = 120_000;

/** Exponential backoff: 0.5 s, 1 s, 2 s, 4 s, then every 8 s, so a restarting server is not stampeded. */
export function reconnectDelay(attempt: number): number {
  return Math.min(RECONNECT_MAX_DELAY_MS, RECONNECT_BASE_DELAY_MS * 2 ** Math.max(0, attempt));
}
