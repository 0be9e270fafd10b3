import { MAX_CHAT_LENGTH, MAX_SDP_LENGTH, SignalingErrorCode } from './error-codes';
import type { ClientMessage, IceCandidate, SessionDescription } from './messages';
import { checkQualitySample } from './quality-sample';

export type ParseResult =
  | { ok: true; message: ClientMessage; ref?: string | number }
  | { ok: false; code: SignalingErrorCode; message: string; ref?: string | number };

type Obj = Record<string, unknown>;

const SDP_TYPES: ReadonlySet<string> = new Set(['offer', 'answer', 'pranswer', 'rollback']);
/** Room and peer ids are server-issued; anything much longer than a UUID is not one of ours. */
const MAX_ID_LENGTH = 64;
const MAX_SECRET_LENGTH = 256;
/** A candidate line is well under 1 KiB; more is not a candidate. */
const MAX_CANDIDATE_LENGTH = 2048;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

function isOptionalSecret(value: unknown): value is string | undefined {
  return value === undefined || (typeof value === 'string' && value.length <= MAX_SECRET_LENGTH);
}

function isRef(value: unknown): value is string | number {
  return (
    (typeof value === 'string' && value.length <= MAX_ID_LENGTH) ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

export function isSessionDescription(value: unknown): value is SessionDescription {
  return (
    isObject(value) &&
    typeof value['type'] === 'string' &&
    SDP_TYPES.has(value['type']) &&
    typeof value['sdp'] === 'string'
  );
}

export function isIceCandidate(value: unknown): value is IceCandidate {
  if (!isObject(value) || typeof value['candidate'] !== 'string') return false;
  const mid = value['sdpMid'];
  const index = value['sdpMLineIndex'];
  const ufrag = value['usernameFragment'];
  return (
    (mid === undefined || mid === null || typeof mid === 'string') &&
    (index === undefined || index === null || (Number.isInteger(index) && (index as number) >= 0)) &&
    (ufrag === undefined || ufrag === null || typeof ufrag === 'string') &&
    !(mid == null && index == null)
  );
}

/** Copies only the known fields so a client cannot smuggle extra data through the relay. */
function pickCandidate(c: IceCandidate): IceCandidate {
  const picked: IceCandidate = {
    candidate: c.candidate,
    sdpMid: c.sdpMid ?? null,
    sdpMLineIndex: c.sdpMLineIndex ?? null,
  };
  if (typeof c.usernameFragment === 'string') picked.usernameFragment = c.usernameFragment;
  return picked;
}

/**
 * Validates one frame received from a client. Hand-written rather than schema-driven because it runs
 * on every relayed message; it never throws. Failures carry the frame's `id` as `ref` when it had one.
 */
export function parseClientMessage(raw: string): ParseResult {
  let frame: unknown;
  try {
    frame = JSON.parse(raw);
  } catch {
    return { ok: false, code: SignalingErrorCode.InvalidMessage, message: 'frame is not valid JSON' };
  }
  return validateClientFrame(frame);
}

/** Validates an already-parsed frame (used by dialects that translate before validating). */
export function validateClientFrame(frame: unknown): ParseResult {
  if (!isObject(frame)) {
    return { ok: false, code: SignalingErrorCode.InvalidMessage, message: 'frame must be a JSON object' };
  }
  const ref = isRef(frame['id']) ? frame['id'] : undefined;
  const fail = (message: string, code: SignalingErrorCode = SignalingErrorCode.InvalidMessage): ParseResult =>
    ref === undefined ? { ok: false, code, message } : { ok: false, code, message, ref };
  const pass = (message: ClientMessage): ParseResult =>
    ref === undefined ? { ok: true, message } : { ok: true, message, ref };

  const event = frame['event'];
  const data = frame['data'] === undefined ? {} : frame['data'];
  if (typeof event !== 'string') return fail('"event" must be a string');
  if (frame['id'] !== undefined && ref === undefined) return fail('"id" must be a short string or a number');
  if (!isObject(data)) return fail('"data" must be an object');

  switch (event) {
    case 'join': {
      const { roomId, password, resumeToken } = data;
      if (!isId(roomId)) return fail('join: "roomId" must be a non-empty string');
      if (!isOptionalSecret(password)) return fail('join: "password" must be a string');
      if (!isOptionalSecret(resumeToken)) return fail('join: "resumeToken" must be a string');
      const joinData: { roomId: string; password?: string; resumeToken?: string } = { roomId };
      if (password !== undefined) joinData.password = password;
      if (resumeToken !== undefined) joinData.resumeToken = resumeToken;
      return pass({ event, data: joinData });
    }
    case 'offer':
    case 'answer': {
      const sdp = data['sdp'];
      if (!isId(data['to'])) return fail(`${event}: "to" must be a peer id`);
      if (!isSessionDescription(sdp)) return fail(`${event}: "sdp" must be {type, sdp}`);
      if (sdp.sdp.length > MAX_SDP_LENGTH) {
        return fail(`${event}: sdp is larger than ${MAX_SDP_LENGTH} bytes`, SignalingErrorCode.MessageTooLarge);
      }
      return pass({ event, data: { to: data['to'], sdp: { type: sdp.type, sdp: sdp.sdp } } });
    }
    case 'candidate': {
      const candidate = data['candidate'];
      if (!isId(data['to'])) return fail('candidate: "to" must be a peer id');
      if (!isIceCandidate(candidate)) {
        return fail('candidate: "candidate" must be {candidate: string, sdpMid, sdpMLineIndex}');
      }
      if (candidate.candidate.length > MAX_CANDIDATE_LENGTH) {
        return fail('candidate: candidate line is too long', SignalingErrorCode.MessageTooLarge);
      }
      return pass({ event, data: { to: data['to'], candidate: pickCandidate(candidate) } });
    }
    case 'mute':
      if (typeof data['audio'] !== 'boolean' || typeof data['video'] !== 'boolean') {
        return fail('mute: "audio" and "video" must be booleans');
      }
      return pass({ event, data: { audio: data['audio'], video: data['video'] } });
    case 'chat': {
      const text = data['text'];
      if (typeof text !== 'string' || text.trim().length === 0) return fail('chat: "text" must be a non-empty string');
      if (text.length > MAX_CHAT_LENGTH) {
        return fail(`chat: text is longer than ${MAX_CHAT_LENGTH} characters`, SignalingErrorCode.MessageTooLarge);
      }
      return pass({ event, data: { text } });
    }
    case 'admit':
    case 'deny': {
      const requestId = data['requestId'];
      if (!isId(requestId)) return fail(`${event}: "requestId" must be a non-empty string`);
      return pass({ event, data: { requestId } });
    }
    case 'stats': {
      const checked = checkQualitySample(data);
      if (!checked.ok) {
        return fail(
          checked.message,
          checked.tooLarge ? SignalingErrorCode.MessageTooLarge : SignalingErrorCode.InvalidMessage,
        );
      }
      return pass({ event, data: checked.sample });
    }
    case 'leave':
    case 'keepalive':
      return pass({ event, data: {} });
    default:
      return fail(`unknown event "${event.slice(0, MAX_ID_LENGTH)}"`, SignalingErrorCode.UnknownEvent);
  }
}
