import type { AuthUser } from '../../common/auth-user';
import type { Credentials } from '../invites/credentials';
import { SignalingTickets, TICKET_TTL_SECONDS } from './signaling-tickets';

type Account = 'valid' | 'revoked' | 'disabled';

const person = (id: string): AuthUser => ({ id, username: id, displayName: id, role: 'user', ver: 1 });
const ann = person('ann');
const ben = person('ben');

describe('SignalingTickets', () => {
  let accounts: Record<string, Account>;
  let tickets: SignalingTickets;

  beforeEach(() => {
    accounts = {};
    const tokens = { recheck: async (user: AuthUser) => accounts[user.id] ?? 'valid' } as unknown as Credentials;
    tickets = new SignalingTickets(tokens);
  });

  it('issues an unguessable ticket valid for 30 s that redeems to its user once', async () => {
    const first = await tickets.issue(ann);
    const second = await tickets.issue(ann);
    expect(first).toEqual({ ticket: expect.stringMatching(/^[\w-]{43}$/), expiresInSeconds: TICKET_TTL_SECONDS });
    expect(TICKET_TTL_SECONDS).toBe(30);
    expect(second.ticket).not.toBe(first.ticket);

    expect(await tickets.redeem(first.ticket)).toEqual(ann);
    expect(await tickets.redeem(first.ticket)).toBeNull();
    expect(await tickets.redeem(second.ticket)).toEqual(ann);
    expect(await tickets.redeem('never-issued')).toBeNull();
  });

  it('redeems until the ttl is over, not after, and an expired ticket stays spent', async () => {
    const issuedAt = 1_000_000;
    const onTime = await tickets.issue(ann, issuedAt);
    const late = await tickets.issue(ann, issuedAt);
    expect(await tickets.redeem(onTime.ticket, issuedAt + 30_000)).toEqual(ann);
    expect(await tickets.redeem(late.ticket, issuedAt + 30_001)).toBeNull();
    expect(await tickets.redeem(late.ticket, issuedAt)).toBeNull();
  });

  it("keeps 8 unused tickets per user: the 9th pushes out that user's oldest, others' are untouched", async () => {
    const bens = await tickets.issue(ben);
    const anns = await Promise.all(Array.from({ length: 9 }, async () => (await tickets.issue(ann)).ticket));

    expect(await tickets.redeem(anns[0])).toBeNull();
    for (const ticket of anns.slice(1)) expect(await tickets.redeem(ticket)).toEqual(ann);
    expect(await tickets.redeem(bens.ticket)).toEqual(ben);
  });

  it('redeems to null once the account was revoked, disabled or deleted, and spends the ticket', async () => {
    const revoked = await tickets.issue(ann);
    const disabled = await tickets.issue(ben);
    accounts = { ann: 'revoked', ben: 'disabled' };
    expect(await tickets.redeem(revoked.ticket)).toBeNull();
    expect(await tickets.redeem(disabled.ticket)).toBeNull();

    accounts = {};
    expect(await tickets.redeem(revoked.ticket)).toBeNull();
    const fresh = await tickets.issue(ann);
    expect(await tickets.redeem(fresh.ticket)).toEqual(ann);
  });
});
