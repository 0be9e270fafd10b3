import { SignalingErrorCode } from './error-codes';
import type { ServerMessage } from './messages';
import { ParseResult, validateClientFrame } from './parse-client-message';

/**
 * The dialect of the widely used "ZeroRTC" course signal server and its web and Android clients:
 * `{cmd, roomId, uid, remoteUid, msg}` where `msg` is a JSON string (an SDP, or a candidate as
 * `{label, id, candidate}`). Translated at the edge into the native protocol and back.
 */
export interface CompatFrame {
  cmd: string;
  roomId?: string;
  uid?: string;
  remoteUid?: string;
  msg?: string;
  [extra: string]: unknown;
}

/** A candidate as the course clients send it: label = sdpMLineIndex, id = sdpMid. */
export interface CompatCandidate {
  label: number | null;
  id: string | null;
  candidate: string;
}

function fail(message: string): ParseResult {
  return { ok: false, code: SignalingErrorCode.InvalidMessage, message };
}

function parseJson(text: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof text !== 'string') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Translates one compat frame into a native frame and validates it with the native rules. */
export function parseCompatMessage(raw: string): ParseResult {
  const parsed = parseJson(raw);
  if (!parsed.ok) return fail('frame is not valid JSON');
  const frame = parsed.value;
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return fail('frame must be a JSON object');
  const { cmd, roomId, remoteUid, msg, password } = frame as Record<string, unknown>;
  if (typeof cmd !== 'string') return fail('"cmd" must be a string');
  switch (cmd) {
    case 'join':
      return validateClientFrame({ event: 'join', data: password === undefined ? { roomId } : { roomId, password } });
    case 'leave':
      return validateClientFrame({ event: 'leave', data: {} });
    case 'keepalive':
      return validateClientFrame({ event: 'keepalive', data: {} });
    case 'offer':
    case 'answer': {
      const sdp = parseJson(msg);
      if (!sdp.ok) return fail(`${cmd}: "msg" must be a JSON-encoded session description`);
      return validateClientFrame({ event: cmd, data: { to: remoteUid, sdp: sdp.value } });
    }
    case 'candidate': {
      const decoded = parseJson(msg);
      if (!decoded.ok || typeof decoded.value !== 'object' || decoded.value === null) {
        return fail('candidate: "msg" must be a JSON-encoded {label, id, candidate}');
      }
      const { label, id, candidate } = decoded.value as Record<string, unknown>;
      return validateClientFrame({
        event: 'candidate',
        data: { to: remoteUid, candidate: { candidate, sdpMid: id ?? null, sdpMLineIndex: label ?? null } },
      });
    }
    default:
      return { ok: false, code: SignalingErrorCode.UnknownEvent, message: `unknown cmd "${cmd.slice(0, 64)}"` };
  }
}

/**
 * What a compat client receives for a native server message. Events the dialect has no word for
 * (peer-updated, chat, turn-credentials, the waiting room's) produce nothing.
 */
export function toCompatFrames(message: ServerMessage, self: { peerId: string; roomId: string } | null): CompatFrame[] {
  const roomId = self?.roomId;
  const remoteUid = self?.peerId;
  switch (message.event) {
    case 'resp-join':
      return message.data.peers.map((peer) => ({ cmd: 'resp-join', remoteUid: peer.peerId }));
    case 'new-peer':
      return [{ cmd: 'new-peer', remoteUid: message.data.peer.peerId }];
    case 'peer-leave':
      return [{ cmd: 'peer-leave', remoteUid: message.data.peerId }];
    case 'offer':
    case 'answer':
      return [{ cmd: message.event, roomId, uid: message.data.from, remoteUid, msg: JSON.stringify(message.data.sdp) }];
    case 'candidate': {
      const { candidate, sdpMid, sdpMLineIndex } = message.data.candidate;
      const compat: CompatCandidate = { label: sdpMLineIndex, id: sdpMid, candidate };
      return [{ cmd: 'candidate', roomId, uid: message.data.from, remoteUid, msg: JSON.stringify(compat) }];
    }
    case 'keepalive':
      return [{ cmd: 'keepalive' }];
    case 'error':
      return [{ cmd: 'error', ...message.data }];
    case 'kicked':
      return [{ cmd: 'kicked', reason: message.data.reason }];
    case 'room-closed':
      return [{ cmd: 'room-closed', roomId: message.data.roomId }];
    case 'peer-updated':
    case 'chat':
    case 'turn-credentials':
    case 'waiting':
    case 'knock':
    case 'knock-withdrawn':
    case 'denied':
      return [];
  }
}
