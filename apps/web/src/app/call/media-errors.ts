/** A getUserMedia / getDisplayMedia failure translated for the person in front of the camera. */
export class MediaAccessError extends Error {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
    this.name = 'MediaAccessError';
  }
}

/** Why camera and microphone could not be started, as the call engine reports it. */
export type MediaErrorReason =
  'media-denied' | 'media-not-found' | 'media-in-use' | 'media-unsupported' | 'media-failed';

export function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string'
    ? error.name
    : 'Error';
}

/** The kind of failure behind a DOMException name (or the `reason` of a MediaAccessError). */
export function mediaErrorReason(name: string): MediaErrorReason {
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'media-denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'media-not-found';
    case 'NotReadableError':
    case 'AbortError':
      return 'media-in-use';
    case 'Unsupported':
      return 'media-unsupported';
    default:
      return 'media-failed';
  }
}

export function mediaErrorSentence(reason: MediaErrorReason): string {
  switch (reason) {
    case 'media-denied':
      return 'Camera and microphone access was denied. Allow access for this site in the browser’s address bar or settings, then try again — or join without them.';
    case 'media-not-found':
      return 'No camera or microphone was found. Connect one (or pick another in the lists below) and try again — or join without them.';
    case 'media-in-use':
      return 'Your camera or microphone is in use by another application. Close that application (or pick another device) and try again.';
    case 'media-unsupported':
      return 'This browser cannot use the camera on this page. Open it over HTTPS (or localhost) in a current browser.';
    case 'media-failed':
      return 'Could not start your camera and microphone. Reload the page and try again.';
  }
}

export function describeMediaError(error: unknown): MediaAccessError {
  const name = errorName(error);
  return new MediaAccessError(mediaErrorSentence(mediaErrorReason(name)), name);
}
