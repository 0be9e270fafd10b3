/** Stable error codes carried by `error` frames; clients switch on these, so never rename one. */
export const SignalingErrorCode = {
  InvalidMessage: 'invalid-message',
  UnknownEvent: 'unknown-event',
  Unauthorized: 'unauthorized',
  RoomNotFound: 'room-not-found',
  RoomFull: 'room-full',
  RoomLocked: 'room-locked',
  RoomPassword: 'room-password',
  NotInRoom: 'not-in-room',
  AlreadyInRoom: 'already-in-room',
  PeerNotFound: 'peer-not-found',
  RateLimited: 'rate-limited',
  MessageTooLarge: 'message-too-large',
  Forbidden: 'forbidden',
  /** The account was removed from this room by its owner or an administrator and may not rejoin until the bar is lifted. */
  Barred: 'barred',
  /** The server could not complete the request (e.g. its database is unreachable); try again later. */
  Unavailable: 'unavailable',
  /** Too many people already wait for this room; try again later. */
  WaitingRoomFull: 'waiting-room-full',
  /** `admit`/`deny` named nobody who is waiting for the caller's room. */
  KnockNotFound: 'knock-not-found',
  /** Only the room's owner or an administrator, seated in its call, may let people in. */
  NotHost: 'not-host',
} as const;

export type SignalingErrorCode = (typeof SignalingErrorCode)[keyof typeof SignalingErrorCode];

/** WebSocket close codes the server uses (4000-4999 is the application range). */
export const SignalingCloseCode = {
  /** Policy violation: the socket kept exceeding its message budget. */
  PolicyViolation: 1008,
  /** A frame was larger than the server accepts. */
  MessageTooBig: 1009,
  /** The server is restarting: reconnect soon (with jitter) and resume. */
  ServiceRestart: 1012,
  /**
   * The account's tokens were revoked while connected (logout everywhere, new password, new role), or a
   * guest's invite link was revoked or its room deleted.
   */
  Unauthorized: 4401,
  /** The account was disabled or deleted while connected. */
  Forbidden: 4403,
  /** The user already has the maximum number of open sockets. */
  TooManySockets: 4429,
} as const;

/** Defaults for clients that have not joined yet; `resp-join` carries the server's own values. */
export const KEEPALIVE_INTERVAL_MS = 5000;
/** How long a peer that lost its socket keeps its seat and can resume with its resumeToken. */
export const RESUME_WINDOW_MS = 30000;
export const MAX_CHAT_LENGTH = 2000;
/** Largest `sdp` string accepted in an offer or answer. */
export const MAX_SDP_LENGTH = 32 * 1024;
