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

export function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string'
    ? error.name
    : 'Error';
}

export function describeMediaError(error: unknown): MediaAccessError {
  const name = errorName(error);
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new MediaAccessError(
        'Camera and microphone access was denied. Allow access for this site in the browser’s address bar or settings, then try again — or join without them.',
        name,
      );
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new MediaAccessError(
        'No camera or microphone was found. Connect one (or pick another in the lists below) and try again — or join without them.',
        name,
      );
    case 'NotReadableError':
    case 'AbortError':
      return new MediaAccessError(
        'Your camera or microphone is in use by another application. Close that application (or pick another device) and try again.',
        name,
      );
    default:
      return new MediaAccessError('Could not start your camera and microphone. Reload the page and try again.', name);
  }
}
