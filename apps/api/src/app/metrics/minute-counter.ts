const MINUTE_MS = 60_000;

/** Events over roughly the last minute: the previous minute's count, weighted, plus the current one. */
export class MinuteCounter {
  private windowStartMs: number;
  private current = 0;
  private previous = 0;

  constructor(nowMs = Date.now()) {
    this.windowStartMs = nowMs;
  }

  count(nowMs = Date.now()): void {
    this.roll(nowMs);
    this.current++;
  }

  perMinute(nowMs = Date.now()): number {
    this.roll(nowMs);
    const elapsed = (nowMs - this.windowStartMs) / MINUTE_MS;
    return Math.round(this.previous * (1 - elapsed) + this.current);
  }

  private roll(nowMs: number): void {
    const windows = Math.floor((nowMs - this.windowStartMs) / MINUTE_MS);
    if (windows <= 0) return;
    this.previous = windows === 1 ? this.current : 0;
    this.current = 0;
    this.windowStartMs += windows * MINUTE_MS;
  }
}
