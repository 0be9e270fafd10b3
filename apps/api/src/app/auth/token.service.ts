import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AccessTokenClaims, AuthUser } from '../../common/auth-user';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';

/** Issues and checks access tokens; shared by the REST guard and the signaling gateway. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersService,
  ) {}

  issue(user: User): string {
    const claims: AccessTokenClaims = {
      sub: user.id,
      username: user.username,
      name: user.displayName,
      role: user.role,
      ver: user.tokenVersion,
    };
    return this.jwt.sign(claims);
  }

  /**
   * The token's user as stored now, or null when the token is invalid or expired, or the account is
   * gone, disabled, has revoked its tokens since this one was issued, or must choose a new password
   * before doing anything else. Throws when the database cannot answer.
   */
  async authenticate(token: string): Promise<AuthUser | null> {
    const user = await this.identify(token);
    return user && !user.mustChangePassword ? user : null;
  }

  /**
   * Like `authenticate`, but also returns an account that must choose a new password, flagged so: for
   * the REST guard, which lets such an account reach the few routes that allow it.
   */
  async identify(token: string): Promise<AuthUser | null> {
    const claims = this.claims(token);
    if (!claims) return null;
    // A database that does not answer is not a bad token: the error goes up (503), not a 401 that logs the client out.
    const user = await this.users.findById(claims.sub);
    if (!user || user.disabled || user.tokenVersion !== (claims.ver ?? 0)) return null;
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      ver: user.tokenVersion,
      ...(user.mustChangePassword ? { mustChangePassword: true } : {}),
    };
  }

  /**
   * Whether a user authenticated earlier still may act: 'revoked' once the account's tokens were revoked
   * (logout everywhere, new password, new role), 'disabled' when it was disabled or deleted. Throws when
   * the database cannot answer.
   */
  async recheck(user: AuthUser): Promise<'valid' | 'revoked' | 'disabled'> {
    const stored = await this.users.findById(user.id);
    if (!stored || stored.disabled) return 'disabled';
    return stored.tokenVersion === (user.ver ?? 0) ? 'valid' : 'revoked';
  }

  /**
   * Signature and expiry only, from the claims alone: it does not see disabled accounts or revoked
   * tokens. Prefer `authenticate`. Never throws.
   */
  verify(token: string): AuthUser | null {
    const claims = this.claims(token);
    return claims && { id: claims.sub, username: claims.username, displayName: claims.name, role: claims.role };
  }

  private claims(token: string): AccessTokenClaims | null {
    try {
      return this.jwt.verify<AccessTokenClaims>(token);
    } catch {
      return null;
    }
  }
}
