import { SignalingErrorCode } from '@webrtc-call/signaling-contracts';
import { MediaErrorReason } from './media-errors';

/** Why a call could not start or could not go on. The page words these; the engine never does. */
export type CallErrorReason =
  /** No access token: the person has to log in first. */
  | 'login-required'
  | 'room-not-found'
  | 'room-full'
  | 'room-locked'
  /** The room has a password and none was given. */
  | 'room-password'
  /** The password given was not the room's. */
  | 'room-password-wrong'
  | 'already-in-room'
  | 'join-forbidden'
  | 'rate-limited'
  /** Removed by the owner or an administrator earlier; the bar still holds. */
  | 'barred'
  | 'unavailable'
  /** Any other refusal of the join; `detail` carries the server's message. */
  | 'join-refused'
  /** Removed from the call just now; `detail` carries the reason the server gave. */
  | 'kicked'
  | 'room-closed'
  /** The host turned this person away from the waiting room. */
  | 'denied'
  /** Nobody let this person in before the waiting room's timeout. */
  | 'wait-timeout'
  | 'waiting-room-full'
  /** A guest's invite link was revoked or expired, or its room deleted. */
  | 'invite-ended'
  | 'session-expired'
  | 'account-disabled'
  | 'too-many-sockets'
  /** The server closed the socket because this client sent too much. */
  | 'policy-violation'
  /** No socket could be opened for the first join. */
  | 'server-unreachable'
  /** The socket was lost and could not be restored in time. */
  | 'server-lost'
  | MediaErrorReason;

export interface CallError {
  reason: CallErrorReason;
  /** With `rate-limited`: seconds until the same join may be tried again. */
  retryAfterSeconds?: number;
  /** With `kicked` the server's reason, with `join-refused` the server's message. */
  detail?: string;
}

/** Codes with which the server refuses a join (or a resume); anything else is about a later frame. */
export const JOIN_REFUSALS: ReadonlySet<SignalingErrorCode> = new Set<SignalingErrorCode>([
  SignalingErrorCode.RoomNotFound,
  SignalingErrorCode.RoomFull,
  SignalingErrorCode.RoomLocked,
  SignalingErrorCode.RoomPassword,
  SignalingErrorCode.AlreadyInRoom,
  SignalingErrorCode.Forbidden,
  SignalingErrorCode.Barred,
  SignalingErrorCode.Unavailable,
  SignalingErrorCode.InvalidMessage,
  SignalingErrorCode.WaitingRoomFull,
]);

/** The error a join refused with `code` ends in. */
export function joinRefusal(
  code: SignalingErrorCode,
  serverMessage: string,
  passwordTried: boolean,
  retryAfterSeconds?: number,
): CallError {
  switch (code) {
    case SignalingErrorCode.RoomNotFound:
      return { reason: 'room-not-found' };
    case SignalingErrorCode.RoomFull:
      return { reason: 'room-full' };
    case SignalingErrorCode.RoomLocked:
      return { reason: 'room-locked' };
    case SignalingErrorCode.RoomPassword:
      return { reason: passwordTried ? 'room-password-wrong' : 'room-password' };
    case SignalingErrorCode.AlreadyInRoom:
      return { reason: 'already-in-room' };
    case SignalingErrorCode.Forbidden:
      return { reason: 'join-forbidden' };
    case SignalingErrorCode.RateLimited:
      return retryAfterSeconds === undefined
        ? { reason: 'rate-limited' }
        : { reason: 'rate-limited', retryAfterSeconds };
    case SignalingErrorCode.Unauthorized:
      return { reason: 'session-expired' };
    case SignalingErrorCode.Barred:
      return { reason: 'barred' };
    case SignalingErrorCode.Unavailable:
      return { reason: 'unavailable' };
    case SignalingErrorCode.InvalidMessage:
    case SignalingErrorCode.UnknownEvent:
    case SignalingErrorCode.NotInRoom:
    case SignalingErrorCode.PeerNotFound:
    case SignalingErrorCode.WaitingRoomFull:
      return { reason: 'waiting-room-full' };
    case SignalingErrorCode.MessageTooLarge:
    case SignalingErrorCode.KnockNotFound:
    case SignalingErrorCode.NotHost:
      return { reason: 'join-refused', detail: serverMessage };
    default: {
      // A newer server's code reaches us as it is; its message is all we can show.
      const unknown: never = code;
      return { reason: 'join-refused', detail: serverMessage || String(unknown) };
    }
  }
}
