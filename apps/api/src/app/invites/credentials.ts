import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth-user';
import { TokenService } from '../auth/token.service';
import { GuestTokens } from './guest-tokens';
import { InvitesService } from './invites.service';

/**
 * Every bearer of a credential, accounts and guests alike: the one place the REST guard, the signaling
 * upgrade gate, tickets and joins ask who someone is and whether they still may act. A guest is whoever
 * holds a guest token whose invite link still stands; what a guest may do is decided where it acts.
 */
@Injectable()
export class Credentials {
  constructor(
    private readonly accounts: TokenService,
    private readonly guests: GuestTokens,
    private readonly invites: InvitesService,
  ) {}

  /** Like `TokenService.identify` (an account that must change its password is flagged), or a guest. */
  async identify(token: string): Promise<AuthUser | null> {
    return (await this.accounts.identify(token)) ?? this.guest(token);
  }

  /** Like `TokenService.authenticate`, or a guest. */
  async authenticate(token: string): Promise<AuthUser | null> {
    return (await this.accounts.authenticate(token)) ?? this.guest(token);
  }

  /** For a guest, 'revoked' once its link was revoked, expired or its room deleted. */
  async recheck(user: AuthUser): Promise<'valid' | 'revoked' | 'disabled'> {
    if (!user.guest) return this.accounts.recheck(user);
    return (await this.invites.stillValid(user.guest)) ? 'valid' : 'revoked';
  }

  private async guest(token: string): Promise<AuthUser | null> {
    const guest = this.guests.verify(token);
    return guest?.guest && (await this.invites.stillValid(guest.guest)) ? guest : null;
  }
}
