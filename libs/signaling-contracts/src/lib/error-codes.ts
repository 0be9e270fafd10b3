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
} as const;

export type SignalingErrorCode = (typeof SignalingErrorCode)[keyof typeof SignalingErrorCode];

/** WebSocket close codes the server uses (4000-4999 is the application range). */
export const SignalingCloseCode = {
  /** The token was missing or invalid at connect time. */
  Unauthorized: 4401,
  /** The account was disabled while connected. */
  Forbidden: 4403,
  /** The user already has the maximum number of open sockets. */
  TooManySockets: 4429,
} as const;

export const KEEPALIVE_INTERVAL_MS = 5000;
/** How long a peer that lost its socket keeps its seat and can resume with its resumeToken. */
export const RESUME_WINDOW_MS = 30000;
export const MAX_CHAT_LENGTH = 2000;
/** Largest `sdp` string accepted in an offer or answer. */
export const MAX_SDP_LENGTH = 32 * 1024;
