import { Injectable } from '@nestjs/common';
import type { SignalingTicket } from '@webrtc-call/signaling-contracts';
import { randomBytes } from 'node:crypto';
import type { AuthUser } from '../../common/auth-user';
import { Credentials } from '../invites/credentials';

export const TICKET_TTL_SECONDS = 30;
/** Unused tickets one account may hold; a new one pushes out its oldest. */
export const MAX_TICKETS_PER_USER = 8;
/** Unused tickets in all; beyond this the oldest go, so memory stays bounded whoever asks. */
const MAX_TICKETS = 20_000;

interface Issued {
  user: AuthUser;
  expiresAtMs: number;
}

/**
 * Single-use, short-lived credentials for opening a signaling socket, so the web app never puts its
 * long-lived access token in a URL that proxies and servers log.
 */
@Injectable()
export class SignalingTickets {
  private readonly issued = new Map<string, Issued>();
  private readonly byUser = new Map<string, string[]>();

  constructor(protected readonly credentials: Credentials) {}

  async issue(user: AuthUser, nowMs = Date.now()): Promise<SignalingTicket> {
    const ticket = randomBytes(32).toString('base64url');
    const mine = this.byUser.get(user.id) ?? [];
    if (mine.length >= MAX_TICKETS_PER_USER) this.forget(mine[0]);
    if (this.issued.size >= MAX_TICKETS) this.forget(this.issued.keys().next().value as string);
    this.issued.set(ticket, { user, expiresAtMs: nowMs + TICKET_TTL_SECONDS * 1000 });
    this.byUser.set(user.id, [...(this.byUser.get(user.id) ?? []), ticket]);
    return { ticket, expiresInSeconds: TICKET_TTL_SECONDS };
  }

  /** The ticket's user, if the ticket is unused, unexpired and the account still valid; the ticket is spent either way. */
  async redeem(ticket: string, nowMs = Date.now()): Promise<AuthUser | null> {
    const issued = this.issued.get(ticket);
    if (!issued) return null;
    this.forget(ticket);
    if (nowMs > issued.expiresAtMs) return null;
    return (await this.credentials.recheck(issued.user)) === 'valid' ? issued.user : null;
  }

  private forget(ticket: string): void {
    const issued = this.issued.get(ticket);
    if (!issued) return;
    this.issued.delete(ticket);
    const rest = (this.byUser.get(issued.user.id) ?? []).filter((t) => t !== ticket);
    if (rest.length > 0) this.byUser.set(issued.user.id, rest);
    else this.byUser.delete(issued.user.id);
  }
}
