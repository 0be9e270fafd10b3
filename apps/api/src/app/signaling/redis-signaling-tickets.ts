import type { SignalingTicket } from '@webrtc-call/signaling-contracts';
import { randomBytes } from 'node:crypto';
import type { AuthUser } from '../../common/auth-user';
import type { Credentials } from '../invites/credentials';
import type { RedisConnection } from '../redis/redis-connection';
import { MAX_TICKETS_PER_USER, SignalingTickets, TICKET_TTL_SECONDS } from './signaling-tickets';
import { parseJsonObject } from '../../common/json-object';

/** KEYS ticket, user's tickets; ARGV user, ttlMs, max, prefix: stores the ticket, dropping the user's oldest beyond `max`. */
const ISSUE = `
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('LPUSH', KEYS[2], KEYS[1])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
while redis.call('LLEN', KEYS[2]) > tonumber(ARGV[3]) do redis.call('DEL', redis.call('RPOP', KEYS[2])) end
return 1
`;

/**
 * Tickets kept in Redis, so that one issued by an instance opens a socket on any other. Redis expires
 * them; GETDEL spends one exactly once wherever it is presented.
 */
export class RedisSignalingTickets extends SignalingTickets {
  constructor(
    credentials: Credentials,
    private readonly redis: RedisConnection,
  ) {
    super(credentials);
  }

  override async issue(user: AuthUser): Promise<SignalingTicket> {
    const ticket = randomBytes(32).toString('base64url');
    const stored: AuthUser = { id: user.id, username: user.username, displayName: user.displayName, role: user.role };
    if (user.ver !== undefined) stored.ver = user.ver;
    if (user.guest) stored.guest = { roomId: user.guest.roomId, inviteId: user.guest.inviteId };
    await this.redis.script(
      ISSUE,
      [this.redis.key('ticket', ticket), this.redis.key('tickets', user.id)],
      [JSON.stringify(stored), TICKET_TTL_SECONDS * 1000, MAX_TICKETS_PER_USER],
    );
    return { ticket, expiresInSeconds: TICKET_TTL_SECONDS };
  }

  override async redeem(ticket: string): Promise<AuthUser | null> {
    if (!/^[\w-]{1,64}$/.test(ticket)) return null;
    const user = parseUser(await this.redis.client.getDel(this.redis.key('ticket', ticket)));
    if (!user) return null;
    return (await this.credentials.recheck(user)) === 'valid' ? user : null;
  }
}

/** The user a ticket was issued to, as read back from Redis: checked like any outside input. */
function parseUser(raw: string | null): AuthUser | null {
  if (!raw) return null;
  const v = parseJsonObject(raw);
  if (!v) return null;
  if (![v['id'], v['username'], v['displayName']].every((field) => typeof field === 'string')) return null;
  if (v['role'] !== 'user' && v['role'] !== 'admin' && v['role'] !== 'guest') return null;
  if (v['ver'] !== undefined && typeof v['ver'] !== 'number') return null;
  const guest = parseGuest(v['guest']);
  // A guest is a guest everywhere: the role and the room it is limited to come together or not at all.
  if ((v['role'] === 'guest') !== (guest !== null) || (v['guest'] !== undefined && guest === null)) return null;
  const user: AuthUser = {
    id: v['id'] as string,
    username: v['username'] as string,
    displayName: v['displayName'] as string,
    role: v['role'],
  };
  if (typeof v['ver'] === 'number') user.ver = v['ver'];
  if (guest) user.guest = guest;
  return user;
}

function parseGuest(value: unknown): { roomId: string; inviteId: string } | null {
  if (typeof value !== 'object' || value === null) return null;
  const { roomId, inviteId } = value as Record<string, unknown>;
  return typeof roomId === 'string' && typeof inviteId === 'string' ? { roomId, inviteId } : null;
}
