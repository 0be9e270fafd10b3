import type { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import type { AuthUser } from '../../common/auth-user';
import { AppConfig } from '../../config/app-config';
import type { Credentials } from '../invites/credentials';
import { SignalingTickets } from './signaling-tickets';
import { UpgradeGate } from './upgrade-gate';

const person = (id: string): AuthUser => ({ id, username: id, displayName: id, role: 'user', ver: 0 });
const flush = () => new Promise((resolve) => setImmediate(resolve));

/** Token checks that finish when the test says so. */
class HeldChecks {
  readonly pending: Array<{ token: string; pass(user: AuthUser | null): void; fail(error: Error): void }> = [];
  readonly authenticate = jest.fn(
    (token: string) => new Promise<AuthUser | null>((pass, fail) => this.pending.push({ token, pass, fail })),
  );
  readonly recheck = jest.fn(async () => 'valid' as const);
}

describe('UpgradeGate', () => {
  let checks: HeldChecks;
  let tickets: SignalingTickets;
  let gate: UpgradeGate;

  beforeEach(() => {
    checks = new HeldChecks();
    const tokens = checks as unknown as Credentials;
    tickets = new SignalingTickets(tokens);
    const config = AppConfig.fromEnvironment({ JWT_SECRET: 'x'.repeat(32), SIGNALING_MAX_PENDING_UPGRADES: '2' });
    // No HTTP adapter: the gate falls back to the socket's own address.
    gate = new UpgradeGate(config, tokens, tickets, { httpAdapter: undefined } as unknown as HttpAdapterHost);
  });

  /** Starts an upgrade request and returns its request and the verdict callback, to inspect later. */
  const upgrade = (query: string, address = '203.0.113.1') => {
    const req = { url: `/ws?${query}`, socket: { remoteAddress: address } } as unknown as IncomingMessage;
    const verdict = jest.fn();
    gate.verifyClient({ req }, verdict);
    return { req, verdict };
  };

  it('refuses the (N+1)-th concurrent upgrade of one address with 429 and Retry-After; another address is unaffected', () => {
    const first = upgrade('token=a');
    const second = upgrade('token=b');
    const third = upgrade('token=c');
    expect(third.verdict).toHaveBeenCalledWith(false, 429, expect.any(String), { 'Retry-After': expect.any(String) });
    expect(checks.authenticate).toHaveBeenCalledTimes(2);

    const elsewhere = upgrade('token=d', '198.51.100.7');
    expect(elsewhere.verdict).not.toHaveBeenCalled();
    expect(checks.authenticate).toHaveBeenLastCalledWith('d');
    expect(first.verdict).not.toHaveBeenCalled();
    expect(second.verdict).not.toHaveBeenCalled();
  });

  it('admits a valid credential, remembers its user, and frees the slot of every finished check', async () => {
    const first = upgrade('token=a');
    upgrade('token=b');
    checks.pending[0].pass(person('ann'));
    await flush();
    expect(first.verdict).toHaveBeenCalledWith(true);
    expect(gate.userOf(first.req)).toEqual(person('ann'));

    const third = upgrade('token=c');
    expect(third.verdict).not.toHaveBeenCalled();
    expect(checks.authenticate).toHaveBeenCalledTimes(3);
    expect(upgrade('token=d').verdict).toHaveBeenCalledWith(false, 429, expect.any(String), expect.any(Object));

    checks.pending[1].pass(null);
    await flush();
    expect(upgrade('token=e').verdict).not.toHaveBeenCalled();
  });

  it('answers 503 when a check throws (the database did not answer), and frees its slot too', async () => {
    const broken = upgrade('token=a');
    const other = upgrade('token=b');
    checks.pending[0].fail(new Error('database went away'));
    checks.pending[1].fail(new Error('database went away'));
    await flush();
    expect(broken.verdict).toHaveBeenCalledWith(false, 503, 'Service Unavailable', { 'Retry-After': '5' });
    expect(other.verdict).toHaveBeenCalledWith(false, 503, 'Service Unavailable', { 'Retry-After': '5' });
    expect(gate.userOf(broken.req)).toBeUndefined();

    upgrade('token=c');
    expect(upgrade('token=d').verdict).not.toHaveBeenCalled();
    expect(checks.authenticate).toHaveBeenCalledTimes(4);
  });

  it('prefers ?ticket= over ?token=, and does not fall back to the token when the ticket is bad', async () => {
    const { ticket } = await tickets.issue(person('ticket-holder'));
    const withTicket = upgrade(`token=someone-else&ticket=${ticket}`);
    await flush();
    expect(withTicket.verdict).toHaveBeenCalledWith(true);
    expect(gate.userOf(withTicket.req)).toEqual(person('ticket-holder'));

    const spent = upgrade(`ticket=${ticket}&token=someone-else`);
    await flush();
    expect(spent.verdict).toHaveBeenCalledWith(false, 401, 'Unauthorized');
    expect(checks.authenticate).not.toHaveBeenCalled();
  });

  it('answers 401 without asking anyone when there is no credential', async () => {
    const bare = upgrade('');
    const empty = upgrade('token=&ticket=');
    await flush();
    expect(bare.verdict).toHaveBeenCalledWith(false, 401, 'Unauthorized');
    expect(empty.verdict).toHaveBeenCalledWith(false, 401, 'Unauthorized');
    expect(checks.authenticate).not.toHaveBeenCalled();
    expect(checks.recheck).not.toHaveBeenCalled();
  });
});
