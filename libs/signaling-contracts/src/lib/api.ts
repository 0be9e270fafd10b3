/** REST shapes shared by the API and the web client. */
import type { PeerInfo } from './messages';

export type UserRole = 'user' | 'admin';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  createdAt: string;
  /** Disabled accounts cannot log in and their sockets are closed. */
  disabled: boolean;
  /**
   * The account must choose a new password (`POST /api/auth/password`) first: until then every other
   * authenticated route but `GET /api/auth/me` and `POST /api/auth/logout-all` answers 403
   * `password-change-required`.
   */
  mustChangePassword: boolean;
}

export interface LoginResponse {
  accessToken: string;
  user: UserView;
}

export interface RoomView {
  id: string;
  name: string;
  capacity: number;
  ownerId: string;
  createdAt: string;
  /** Listed to every user in `GET /api/rooms`; otherwise only the link leads to it. */
  isPublic: boolean;
  /** Joining needs the room password; the password itself is never returned. */
  hasPassword: boolean;
  /** Nobody new may join while locked. */
  locked: boolean;
  /** People in the call right now. */
  participants: number;
  /** Guests (from invite links) wait until the owner lets them in; on unless turned off. */
  guestsWait: boolean;
  /** Signed-in users other than the owner wait too; off unless turned on. */
  membersWait: boolean;
}

/** `GET /api/rooms/:id/participants`: who is in the call, for the lobby. */
export interface LobbyParticipant {
  displayName: string;
  /** Came in through an invite link. */
  guest: boolean;
}

/** A room as administrators see it: with who is in the call, so they can kick someone. */
export interface AdminRoomView extends RoomView {
  peers: PeerInfo[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

export interface RegisterRequest {
  username: string;
  password: string;
  displayName?: string;
}

export interface LoginRequest {
  username: string;
  password: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface UpdateProfileRequest {
  displayName: string;
}

export interface CreateRoomRequest {
  name: string;
  /** 2 to 8; 4 when left out. */
  capacity?: number;
  password?: string;
  isPublic?: boolean;
  guestsWait?: boolean;
  membersWait?: boolean;
}

export interface UpdateRoomRequest {
  name?: string;
  capacity?: number;
  /** A new password, or null to remove it. */
  password?: string | null;
  locked?: boolean;
  isPublic?: boolean;
  guestsWait?: boolean;
  membersWait?: boolean;
}

/** `POST /api/rooms/:id/invites`: both limits are optional. */
export interface CreateInviteRequest {
  /** The link stops working this many seconds from now (60 to 30 days). */
  expiresInSeconds?: number;
  /** The link lets in at most this many guests (1 to 1000). */
  maxUses?: number;
}

/** An invite link as its room's owner sees it; the secret is shown once, at creation. */
export interface InviteView {
  id: string;
  roomId: string;
  createdAt: string;
  /** null: until revoked. */
  expiresAt: string | null;
  maxUses: number | null;
  uses: number;
}

export interface CreatedInvite extends InviteView {
  /** The link's secret: the link is `/invite#<secret>`. Stored only as a hash; never shown again. */
  secret: string;
}

/** `POST /api/invites/redeem`: following a link without an account. */
export interface RedeemInviteRequest {
  secret: string;
  displayName: string;
}

/** A guest's identity: one room, until the token expires or the link is revoked. */
export interface GuestSession {
  accessToken: string;
  guest: { id: string; displayName: string; roomId: string; roomName: string; expiresAt: string };
}

export interface AdminUpdateUserRequest {
  role?: UserRole;
  disabled?: boolean;
}

export interface AdminStats {
  /** Open signaling sockets. */
  sockets: number;
  /** Rooms with at least one person in the call. */
  rooms: number;
  participants: number;
  /** Signaling messages relayed between peers during the last minute. */
  relayedPerMinute: number;
  uptimeSeconds: number;
  /** Registered accounts and stored rooms. */
  users: number;
  storedRooms: number;
}

/** Mirrors RTCIceServer without depending on DOM typings. */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** Time-limited TURN credentials in the TURN REST API scheme that coturn's `use-auth-secret` verifies. */
export interface TurnCredentials {
  /** `<expiry unix seconds>:<userId>`; null when no TURN server is configured. */
  username: string | null;
  /** base64(HMAC-SHA1(secret, username)); null when no TURN server is configured. */
  password: string | null;
  /** Seconds the credentials stay valid. */
  ttl: number;
  uris: string[];
  /** Ready for `new RTCPeerConnection({iceServers})`. */
  iceServers: IceServer[];
  turnConfigured: boolean;
  /** Set when no TURN server is configured: what that means for calls. */
  notice?: string;
}

/** `POST /api/signaling/ticket`: a single-use credential for opening one signaling socket (`/ws?ticket=`). */
export interface SignalingTicket {
  ticket: string;
  /** The ticket must be used within this many seconds. */
  expiresInSeconds: number;
}

/** An account barred from a room: it was removed from the call and may not rejoin until the bar is lifted. */
export interface RoomBanView {
  roomId: string;
  userId: string;
  /** The barred account's display name (null when the account no longer exists). */
  displayName: string | null;
  /** Who removed them. */
  bannedBy: string;
  createdAt: string;
}

/** Stable REST error codes, returned as `{statusCode, code, message}`. */
export const ApiErrorCode = {
  ValidationFailed: 'validation-failed',
  /** The request body is not well-formed JSON. */
  InvalidJson: 'invalid-json',
  /** The request body is larger than the server accepts. */
  PayloadTooLarge: 'payload-too-large',
  Unauthorized: 'unauthorized',
  InvalidCredentials: 'invalid-credentials',
  Forbidden: 'forbidden',
  NotFound: 'not-found',
  RoomNotFound: 'room-not-found',
  /** No bar for this account in this room. */
  BanNotFound: 'ban-not-found',
  /** Only the owner or an administrator may change or delete a room. */
  NotRoomOwner: 'not-room-owner',
  UserNotFound: 'user-not-found',
  PeerNotFound: 'peer-not-found',
  /** No call record with this id (or the id is not one). */
  CallNotFound: 'call-not-found',
  /** Removing a participant who is the caller's own account: nobody bars themselves. */
  CannotRemoveSelf: 'cannot-remove-self',
  /** The account owns MAX_ROOMS_PER_ACCOUNT rooms already. */
  RoomLimitReached: 'room-limit-reached',
  UsernameTaken: 'username-taken',
  /** Login with the right password to a disabled account. */
  AccountDisabled: 'account-disabled',
  /** The current password given to change a password is wrong. */
  WrongPassword: 'wrong-password',
  /** The account must choose a new password before anything else (see `UserView.mustChangePassword`). */
  PasswordChangeRequired: 'password-change-required',
  /** The change would leave no enabled administrator. */
  LastAdmin: 'last-admin',
  Conflict: 'conflict',
  /** A guest token (from an invite link) used where only accounts may go. */
  GuestNotAllowed: 'guest-not-allowed',
  /** The invite link is unknown, revoked, expired or used up: one answer for all. */
  InviteInvalid: 'invite-invalid',
  InviteNotFound: 'invite-not-found',
  /** The room has as many invite links as it may have. */
  InviteLimitReached: 'invite-limit-reached',
  RateLimited: 'rate-limited',
  ServiceUnavailable: 'service-unavailable',
  Internal: 'internal-error',
} as const;

export type ApiErrorCode = (typeof ApiErrorCode)[keyof typeof ApiErrorCode];

export interface ApiErrorBody {
  statusCode: number;
  code: ApiErrorCode;
  message: string | string[];
}
