import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHmac } from 'node:crypto';
import type { AuthUser } from '../../common/auth-user';
import { AppConfig } from '../../config/app-config';

interface GuestClaims {
  sub: string;
  typ: 'guest';
  name: string;
  room: string;
  inv: string;
}

/**
 * Signs and checks guest tokens. They are signed with a key derived from JWT_SECRET for guests only, so
 * a guest token never verifies as an account token, nor an account token as a guest's.
 */
@Injectable()
export class GuestTokens {
  private readonly secret: string;

  constructor(
    private readonly jwt: JwtService,
    config: AppConfig,
  ) {
    this.secret = createHmac('sha256', config.jwtSecret).update('webrtc-call guest tokens').digest('hex');
  }

  issue(guest: { id: string; displayName: string; roomId: string; inviteId: string }, ttlSeconds: number): string {
    const claims: GuestClaims = {
      sub: guest.id,
      typ: 'guest',
      name: guest.displayName,
      room: guest.roomId,
      inv: guest.inviteId,
    };
    return this.jwt.sign(claims, { secret: this.secret, expiresIn: ttlSeconds, algorithm: 'HS256' });
  }

  /** The guest named by a well-signed, unexpired token, or null. Whether its invite still stands is the caller's check. */
  verify(token: string): AuthUser | null {
    let claims: GuestClaims;
    try {
      claims = this.jwt.verify<GuestClaims>(token, { secret: this.secret, algorithms: ['HS256'] });
    } catch {
      return null;
    }
    if (claims.typ !== 'guest' || !claims.sub || !claims.room || !claims.inv) return null;
    return {
      id: claims.sub,
      username: `guest-${claims.sub.slice(0, 8)}`,
      displayName: claims.name,
      role: 'guest',
      guest: { roomId: claims.room, inviteId: claims.inv },
    };
  }
}
