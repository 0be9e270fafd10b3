import { SignalingCloseCode, SignalingErrorCode } from '@webrtc-call/signaling-contracts';

/** What went wrong and what to do next, for the signaling error codes that end a join. */
export function joinErrorMessage(
  code: SignalingErrorCode,
  serverMessage: string,
  passwordTried: boolean,
  retryAfterSeconds?: number,
): string {
  switch (code) {
    case SignalingErrorCode.RoomNotFound:
      return 'This room does not exist (or was deleted). Check the link, or create a new room on the Rooms page.';
    case SignalingErrorCode.RoomFull:
      return 'This room is full. Try again when someone leaves, or ask the owner to raise its capacity.';
    case SignalingErrorCode.RoomLocked:
      return 'This room is locked. Ask the owner to unlock it, then try again.';
    case SignalingErrorCode.RoomPassword:
      return passwordTried
        ? 'That password is not right. Check it with the person who shared the link and try again.'
        : 'This room has a password. Enter it to join.';
    case SignalingErrorCode.AlreadyInRoom:
      return 'You are already in this call in another tab or window. Close that one, then try again.';
    case SignalingErrorCode.Forbidden:
      return 'You are not allowed to join this room.';
    case SignalingErrorCode.RateLimited:
      return retryAfterSeconds === undefined
        ? 'Too many attempts. Wait a moment, then try again.'
        : `Too many wrong passwords for this room. Try again in ${retryAfterSeconds} seconds.`;
    case SignalingErrorCode.Unauthorized:
      return 'Your session has expired. Please log in again.';
    case SignalingErrorCode.InvalidMessage:
    case SignalingErrorCode.UnknownEvent:
    case SignalingErrorCode.NotInRoom:
    case SignalingErrorCode.PeerNotFound:
    case SignalingErrorCode.MessageTooLarge:
      return serverMessage || 'The call server refused to join this room. Reload the page and try again.';
    default: {
      const unknown: never = code;
      return serverMessage || `The call server refused to join this room (${String(unknown)}).`;
    }
  }
}

/** Codes with which the server refuses a join (or a resume); anything else is about a later frame. */
export const JOIN_REFUSALS: ReadonlySet<SignalingErrorCode> = new Set<SignalingErrorCode>([
  SignalingErrorCode.RoomNotFound,
  SignalingErrorCode.RoomFull,
  SignalingErrorCode.RoomLocked,
  SignalingErrorCode.RoomPassword,
  SignalingErrorCode.AlreadyInRoom,
  SignalingErrorCode.Forbidden,
  SignalingErrorCode.InvalidMessage,
]);

export function kickedMessage(reason: string): string {
  return `You were removed from this call${reason ? ` (${reason})` : ''}. Ask the room owner before rejoining.`;
}

export const ROOM_CLOSED = 'This room was closed. Pick or create another room on the Rooms page.';

/** Close codes after which reconnecting cannot help. */
export function fatalCloseMessage(code: number): string | null {
  switch (code) {
    case SignalingCloseCode.Forbidden:
      return 'Your account has been disabled. Contact the administrator of this server.';
    case SignalingCloseCode.TooManySockets:
      return 'You have too many calls open at once. Close other tabs or windows with calls, then try again.';
    default:
      return null;
  }
}

export const SERVER_UNREACHABLE = 'Cannot reach the call server. Check your internet connection, then press Try again.';
export const SERVER_LOST =
  'The connection to the call server was lost and could not be restored. Check your internet connection, then press Try again.';
