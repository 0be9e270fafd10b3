import type { UserRole } from '@webrtc-call/signaling-contracts';

/** An account's role, or `guest`: someone who followed an invite link, limited to its one room. */
export type CallerRole = UserRole | 'guest';

/** Who is calling: from a verified token, and with `authenticate`, as currently stored. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: CallerRole;
  /** Set for guests only: the room their invite leads to, and the invite whose revocation ends them. */
  guest?: { roomId: string; inviteId: string };
  /** The user's token version when the token was issued; missing in tokens older than revocation. */
  ver?: number;
  /** Set while the account may do nothing but choose a new password. */
  mustChangePassword?: boolean;
}

export interface AccessTokenClaims {
  sub: string;
  username: string;
  name: string;
  role: UserRole;
  /** The user's token version when the token was issued; missing in tokens older than revocation. */
  ver?: number;
}
