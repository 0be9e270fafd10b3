import { CallError, CallErrorReason } from './call-error';
import { callErrorSentence } from './call-error-sentence';

/** Every reason the engine can report; the record type makes a new reason without a sentence a compile error. */
const EVERY_REASON: Record<CallErrorReason, true> = {
  'login-required': true,
  'room-not-found': true,
  'room-full': true,
  'room-locked': true,
  'room-password': true,
  'room-password-wrong': true,
  'already-in-room': true,
  'join-forbidden': true,
  'rate-limited': true,
  barred: true,
  unavailable: true,
  'join-refused': true,
  kicked: true,
  'room-closed': true,
  'session-expired': true,
  'account-disabled': true,
  'too-many-sockets': true,
  'policy-violation': true,
  'server-unreachable': true,
  'server-lost': true,
  'media-denied': true,
  'media-not-found': true,
  'media-in-use': true,
  'media-unsupported': true,
  'media-failed': true,
  'waiting-room-full': true,
  denied: true,
  'wait-timeout': true,
  'invite-ended': true,
};

describe('callErrorSentence', () => {
  it('has a distinct sentence for every reason', () => {
    const reasons = Object.keys(EVERY_REASON) as CallErrorReason[];
    const sentences = reasons.map((reason) => callErrorSentence({ reason }));
    for (const sentence of sentences) expect(sentence).toMatch(/^[A-Z].*\.$/);
    expect(new Set(sentences).size).toBe(reasons.length);
  });

  it.each<[CallError, string]>([
    [{ reason: 'barred' }, 'You were removed from this room. You can rejoin only if the owner lets you back in.'],
    [{ reason: 'unavailable' }, 'The call server could not complete that right now. Try again in a moment.'],
    [
      { reason: 'kicked', detail: 'by an administrator' },
      'You were removed from this call (by an administrator). Ask the room owner before rejoining.',
    ],
    [{ reason: 'kicked', detail: '' }, 'You were removed from this call. Ask the room owner before rejoining.'],
    [
      { reason: 'rate-limited', retryAfterSeconds: 42 },
      'Too many wrong passwords for this room. Try again in 42 seconds.',
    ],
    [{ reason: 'rate-limited' }, 'Too many attempts. Wait a moment, then try again.'],
    [
      { reason: 'join-refused', detail: 'join: "roomId" must be a non-empty string' },
      'join: "roomId" must be a non-empty string',
    ],
    [
      { reason: 'server-unreachable' },
      'Cannot reach the call server. Check your internet connection, then press Try again.',
    ],
    [{ reason: 'account-disabled' }, 'Your account has been disabled. Contact the administrator of this server.'],
  ])('words %o', (error, sentence) => {
    expect(callErrorSentence(error)).toBe(sentence);
  });

  it('words media failures as the lobby does', () => {
    expect(callErrorSentence({ reason: 'media-denied' })).toMatch(/access was denied/);
    expect(callErrorSentence({ reason: 'media-in-use' })).toMatch(/in use by another application/);
  });
});
