import type { SignalingErrorCode } from './error-codes';
import type {
  IceCandidate,
  PeerInfo,
  ServerEvent,
  ServerEventMap,
  ServerMessage,
  SignalingIceServer,
} from './messages';
import { isIceCandidate, isSessionDescription } from './parse-client-message';

export type ServerParseResult = { ok: true; message: ServerMessage } | { ok: false; reason: string };

type Obj = Record<string, unknown>;

/** A failed check; validators return it instead of throwing so the parser never throws. */
class Invalid {
  constructor(readonly reason: string) {}
}

type Checked<T> = T | Invalid;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** JSON.parse turns 1e400 into Infinity, so "is a number" is not enough. */
function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function arrayOf<T>(value: unknown, where: string, item: (v: unknown, where: string) => Checked<T>): Checked<T[]> {
  if (!Array.isArray(value)) return new Invalid(`${where} must be an array`);
  const items: T[] = [];
  for (const [index, raw] of value.entries()) {
    const checked = item(raw, `${where}[${index}]`);
    if (checked instanceof Invalid) return checked;
    items.push(checked);
  }
  return items;
}

function peerInfo(value: unknown, where: string): Checked<PeerInfo> {
  if (!isObject(value)) return new Invalid(`${where} must be an object`);
  const { peerId, userId, displayName, audio, video, reconnecting, guest } = value;
  if (!isId(peerId)) return new Invalid(`${where}.peerId must be a non-empty string`);
  if (!isId(userId)) return new Invalid(`${where}.userId must be a non-empty string`);
  if (typeof displayName !== 'string') return new Invalid(`${where}.displayName must be a string`);
  if (typeof audio !== 'boolean' || typeof video !== 'boolean') {
    return new Invalid(`${where}.audio and .video must be booleans`);
  }
  if (reconnecting !== undefined && typeof reconnecting !== 'boolean') {
    return new Invalid(`${where}.reconnecting must be a boolean`);
  }
  if (guest !== undefined && typeof guest !== 'boolean') return new Invalid(`${where}.guest must be a boolean`);
  const peer: PeerInfo = { peerId, userId, displayName, audio, video };
  if (reconnecting !== undefined) peer.reconnecting = reconnecting;
  if (guest !== undefined) peer.guest = guest;
  return peer;
}

function iceServer(value: unknown, where: string): Checked<SignalingIceServer> {
  if (!isObject(value)) return new Invalid(`${where} must be an object`);
  const { urls, username, credential } = value;
  // RTCPeerConnection throws on an empty url list, which would end the call instead of one server.
  if (!Array.isArray(urls) || urls.length === 0 || !urls.every(isId)) {
    return new Invalid(`${where}.urls must be a non-empty array of strings`);
  }
  if (username !== undefined && typeof username !== 'string') return new Invalid(`${where}.username must be a string`);
  if (credential !== undefined && typeof credential !== 'string') {
    return new Invalid(`${where}.credential must be a string`);
  }
  const server: SignalingIceServer = { urls: [...urls] };
  if (username !== undefined) server.username = username;
  if (credential !== undefined) server.credential = credential;
  return server;
}

function relayedSdp(event: 'offer' | 'answer') {
  return (data: Obj): Checked<ServerEventMap['offer']> => {
    const { from, sdp } = data;
    if (!isId(from)) return new Invalid(`${event}: "from" must be a peer id`);
    if (!isSessionDescription(sdp)) return new Invalid(`${event}: "sdp" must be {type, sdp}`);
    return { from, sdp: { type: sdp.type, sdp: sdp.sdp } };
  };
}

/** One validator per server event; the mapped type makes forgetting one a compile error. */
const VALIDATORS: { [E in ServerEvent]: (data: Obj) => Checked<ServerEventMap[E]> } = {
  'resp-join': (data) => {
    const { roomId, selfId, capacity, resumeToken, resumed, resumeWindowMs, keepaliveIntervalMs } = data;
    if (!isId(roomId)) return new Invalid('resp-join: "roomId" must be a non-empty string');
    if (!isId(selfId)) return new Invalid('resp-join: "selfId" must be a non-empty string');
    if (!Number.isInteger(capacity) || (capacity as number) < 1) {
      return new Invalid('resp-join: "capacity" must be a positive integer');
    }
    if (!isId(resumeToken)) return new Invalid('resp-join: "resumeToken" must be a non-empty string');
    if (typeof resumed !== 'boolean') return new Invalid('resp-join: "resumed" must be a boolean');
    if (!isFiniteNumber(resumeWindowMs) || resumeWindowMs < 0) {
      return new Invalid('resp-join: "resumeWindowMs" must be a finite number of at least 0');
    }
    if (!isFiniteNumber(keepaliveIntervalMs) || keepaliveIntervalMs <= 0) {
      return new Invalid('resp-join: "keepaliveIntervalMs" must be a positive finite number');
    }
    const peers = arrayOf(data['peers'], 'resp-join: peers', peerInfo);
    if (peers instanceof Invalid) return peers;
    const iceServers = arrayOf(data['iceServers'], 'resp-join: iceServers', iceServer);
    if (iceServers instanceof Invalid) return iceServers;
    return {
      roomId,
      selfId,
      peers,
      capacity: capacity as number,
      iceServers,
      resumeToken,
      resumed,
      resumeWindowMs,
      keepaliveIntervalMs,
    };
  },
  'new-peer': (data) => {
    const peer = peerInfo(data['peer'], 'new-peer: peer');
    return peer instanceof Invalid ? peer : { peer };
  },
  'peer-updated': (data) => {
    const peer = peerInfo(data['peer'], 'peer-updated: peer');
    return peer instanceof Invalid ? peer : { peer };
  },
  'peer-leave': (data) =>
    isId(data['peerId']) ? { peerId: data['peerId'] } : new Invalid('peer-leave: "peerId" must be a peer id'),
  offer: relayedSdp('offer'),
  answer: relayedSdp('answer'),
  candidate: (data) => {
    const { from, candidate } = data;
    if (!isId(from)) return new Invalid('candidate: "from" must be a peer id');
    if (!isIceCandidate(candidate)) {
      return new Invalid('candidate: "candidate" must be {candidate, sdpMid, sdpMLineIndex}');
    }
    const picked: IceCandidate = {
      candidate: candidate.candidate,
      sdpMid: candidate.sdpMid ?? null,
      sdpMLineIndex: candidate.sdpMLineIndex ?? null,
    };
    if (typeof candidate.usernameFragment === 'string') picked.usernameFragment = candidate.usernameFragment;
    return { from, candidate: picked };
  },
  keepalive: () => ({}),
  chat: (data) => {
    const { from, text, at } = data;
    if (!isId(from)) return new Invalid('chat: "from" must be a peer id');
    if (typeof text !== 'string') return new Invalid('chat: "text" must be a string');
    if (typeof at !== 'string') return new Invalid('chat: "at" must be a string');
    return { from, text, at };
  },
  kicked: (data) =>
    typeof data['reason'] === 'string' ? { reason: data['reason'] } : new Invalid('kicked: "reason" must be a string'),
  'room-closed': (data) =>
    isId(data['roomId']) ? { roomId: data['roomId'] } : new Invalid('room-closed: "roomId" must be a room id'),
  'turn-credentials': (data) => {
    const iceServers = arrayOf(data['iceServers'], 'turn-credentials: iceServers', iceServer);
    return iceServers instanceof Invalid ? iceServers : { iceServers };
  },
  waiting: (data) => {
    const { roomId, requestId, timeoutMs } = data;
    if (!isId(roomId)) return new Invalid('waiting: "roomId" must be a room id');
    if (!isId(requestId)) return new Invalid('waiting: "requestId" must be a non-empty string');
    if (!isFiniteNumber(timeoutMs) || timeoutMs < 0) {
      return new Invalid('waiting: "timeoutMs" must be a finite number of at least 0');
    }
    return { roomId, requestId, timeoutMs };
  },
  knock: (data) => {
    const { requestId, displayName, guest } = data;
    if (!isId(requestId)) return new Invalid('knock: "requestId" must be a non-empty string');
    if (typeof displayName !== 'string') return new Invalid('knock: "displayName" must be a string');
    if (typeof guest !== 'boolean') return new Invalid('knock: "guest" must be a boolean');
    return { requestId, displayName, guest };
  },
  'knock-withdrawn': (data) =>
    isId(data['requestId'])
      ? { requestId: data['requestId'] }
      : new Invalid('knock-withdrawn: "requestId" must be a non-empty string'),
  denied: (data) => {
    const { roomId, reason } = data;
    if (!isId(roomId)) return new Invalid('denied: "roomId" must be a room id');
    if (reason !== 'denied' && reason !== 'timeout') return new Invalid('denied: "reason" must be denied or timeout');
    return { roomId, reason };
  },
  error: (data) => {
    const { code, message, ref, retryAfterSeconds } = data;
    if (!isId(code)) return new Invalid('error: "code" must be a non-empty string');
    if (typeof message !== 'string') return new Invalid('error: "message" must be a string');
    if (ref !== undefined && typeof ref !== 'string' && !isFiniteNumber(ref)) {
      return new Invalid('error: "ref" must be a string or a finite number');
    }
    if (retryAfterSeconds !== undefined && (!isFiniteNumber(retryAfterSeconds) || retryAfterSeconds < 0)) {
      return new Invalid('error: "retryAfterSeconds" must be a finite number of at least 0');
    }
    // A code this build does not know yet still passes: a newer server's refusal must reach the client,
    // which falls back to the message for codes it cannot name.
    const error: ServerEventMap['error'] = { code: code as SignalingErrorCode, message };
    if (ref !== undefined) error.ref = ref;
    if (retryAfterSeconds !== undefined) error.retryAfterSeconds = retryAfterSeconds;
    return error;
  },
};

function isServerEvent(event: string): event is ServerEvent {
  return Object.prototype.hasOwnProperty.call(VALIDATORS, event);
}

/**
 * Validates one frame received from the server, field by field, and returns a copy holding only the
 * fields the protocol defines. Hand-written like `parseClientMessage`; it never throws, so a malformed
 * frame can be logged and dropped without touching the call.
 */
export function parseServerMessage(raw: string): ServerParseResult {
  let frame: unknown;
  try {
    frame = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'frame is not valid JSON' };
  }
  if (!isObject(frame)) return { ok: false, reason: 'frame must be a JSON object' };
  const event = frame['event'];
  const data = frame['data'] === undefined ? {} : frame['data'];
  if (typeof event !== 'string') return { ok: false, reason: '"event" must be a string' };
  if (!isServerEvent(event)) return { ok: false, reason: `unknown event "${event.slice(0, 64)}"` };
  if (!isObject(data)) return { ok: false, reason: `${event}: "data" must be an object` };
  const checked = validate(event, data);
  return checked instanceof Invalid ? { ok: false, reason: checked.reason } : { ok: true, message: checked };
}

function validate<E extends ServerEvent>(event: E, data: Obj): Checked<ServerMessage> {
  const checked = VALIDATORS[event](data);
  return checked instanceof Invalid ? checked : ({ event, data: checked } as ServerMessage);
}
