import { CallError } from './call-error';
import { mediaErrorSentence } from './media-errors';

/** What went wrong and what to do next, in the words the call page shows. */
export function callErrorSentence(error: CallError): string {
  switch (error.reason) {
    case 'login-required':
      return 'Please log in to join this call.';
    case 'room-not-found':
      return 'This room does not exist (or was deleted). Check the link, or create a new room on the Rooms page.';
    case 'room-full':
      return 'This room is full. Try again when someone leaves, or ask the owner to raise its capacity.';
    case 'room-locked':
      return 'This room is locked. Ask the owner to unlock it, then try again.';
    case 'room-password':
      return 'This room has a password. Enter it to join.';
    case 'room-password-wrong':
      return 'That password is not right. Check it with the person who shared the link and try again.';
    case 'already-in-room':
      return 'You are already in this call in another tab or window. Close that one, then try again.';
    case 'join-forbidden':
      return 'You are not allowed to join this room.';
    case 'rate-limited':
      return error.retryAfterSeconds === undefined
        ? 'Too many attempts. Wait a moment, then try again.'
        : `Too many wrong passwords for this room. Try again in ${error.retryAfterSeconds} seconds.`;
    case 'barred':
      return 'You were removed from this room. You can rejoin only if the owner lets you back in.';
    case 'unavailable':
      return 'The call server could not complete that right now. Try again in a moment.';
    case 'join-refused':
      return error.detail || 'The call server refused to join this room. Reload the page and try again.';
    case 'kicked':
      return `You were removed from this call${error.detail ? ` (${error.detail})` : ''}. Ask the room owner before rejoining.`;
    case 'room-closed':
      return 'This room was closed. Pick or create another room on the Rooms page.';
    case 'denied':
      return 'The host did not let you in.';
    case 'wait-timeout':
      return 'Nobody let you in: the host did not answer in time. Try again later.';
    case 'waiting-room-full':
      return 'Too many people are waiting to get into this call. Try again in a few minutes.';
    case 'invite-ended':
      return 'Your invite is no longer valid: the host revoked the link, the room was deleted or the invite expired.';
    case 'session-expired':
      return 'Your session has expired. Please log in again.';
    case 'account-disabled':
      return 'Your account has been disabled. Contact the administrator of this server.';
    case 'too-many-sockets':
      return 'You have too many calls open at once. Close other tabs or windows with calls, then try again.';
    case 'policy-violation':
      return 'The call server closed the connection because this page sent too much. Reload the page, then try again.';
    case 'server-unreachable':
      return 'Cannot reach the call server. Check your internet connection, then press Try again.';
    case 'server-lost':
      return 'The connection to the call server was lost and could not be restored. Check your internet connection, then press Try again.';
    case 'media-denied':
    case 'media-not-found':
    case 'media-in-use':
    case 'media-unsupported':
    case 'media-failed':
      return mediaErrorSentence(error.reason);
  }
}
