import type { PeerTransport } from '../presence/peer';
import { Connection } from './connection';

const user = { id: 'u', username: 'u', displayName: 'U', role: 'user' as const };
const transport = {} as PeerTransport;

describe('Connection rate limit', () => {
  it('allows a burst, then the sustained rate', () => {
    const conn = new Connection(user, transport, { perSecond: 10, burst: 5 }, 0);
    const burst = Array.from({ length: 6 }, () => conn.take(0));
    expect(burst).toEqual([true, true, true, true, true, false]);
    expect(conn.take(99)).toBe(false);
    expect(conn.take(100)).toBe(true);
    expect(conn.take(100)).toBe(false);
  });

  it('never saves up more than the burst', () => {
    const conn = new Connection(user, transport, { perSecond: 10, burst: 3 }, 0);
    const after = Array.from({ length: 4 }, () => conn.take(60_000));
    expect(after).toEqual([true, true, true, false]);
  });
});
