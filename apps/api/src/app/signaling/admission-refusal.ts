import { SignalingErrorCode } from '@webrtc-call/signaling-contracts';
import type { Refusal as Admission } from '../rooms/rooms.service';
import type { Refusal } from './signaling-socket';

const ADMISSION_REFUSALS: Record<Exclude<Admission['code'], 'rate-limited'>, string> = {
  'room-not-found': 'no room with this id',
  'room-locked': 'the room is locked: nobody new can join',
  'room-password': 'wrong or missing room password',
  barred: 'you were removed from this room and may not rejoin',
};

/** The error a refused join is answered with. */
export function admissionRefusal(admission: Admission): Refusal {
  if (admission.code !== 'rate-limited') return { code: admission.code, message: ADMISSION_REFUSALS[admission.code] };
  return {
    code: SignalingErrorCode.RateLimited,
    message: `too many wrong room passwords: try again in ${admission.retryAfterSeconds} s`,
    retryAfterSeconds: admission.retryAfterSeconds,
  };
}
