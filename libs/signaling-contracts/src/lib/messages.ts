import type { SignalingErrorCode } from './error-codes';
import type { QualitySample } from './quality-sample';

/** Mirrors RTCSessionDescriptionInit without depending on DOM typings. */
export interface SessionDescription {
  type: 'offer' | 'answer' | 'pranswer' | 'rollback';
  sdp: string;
}

/** Mirrors RTCIceCandidateInit without depending on DOM typings. */
export interface IceCandidate {
  candidate: string;
  sdpMid: string | null;
  sdpMLineIndex: number | null;
  usernameFragment?: string | null;
}

export interface PeerInfo {
  peerId: string;
  userId: string;
  displayName: string;
  /** Whether the peer sends audio / video; true until it says otherwise with `mute`. */
  audio: boolean;
  video: boolean;
  /** True while the peer's socket is gone and its seat is held for a resume. */
  reconnecting?: boolean;
  /** True for someone who came in through an invite link, without an account. */
  guest?: boolean;
}

/** Mirrors RTCIceServer without depending on DOM typings. */
export interface SignalingIceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** Every frame on the wire, both directions. A client may add `id`; an `error` about that frame echoes it as `ref`. */
export interface Frame<E extends string = string, D = unknown> {
  event: E;
  data: D;
  id?: string | number;
}

/** Payloads the client may send, keyed by event name. */
export interface ClientEventMap {
  join: { roomId: string; password?: string; resumeToken?: string };
  offer: { to: string; sdp: SessionDescription };
  answer: { to: string; sdp: SessionDescription };
  candidate: { to: string; candidate: IceCandidate };
  leave: Record<string, never>;
  keepalive: Record<string, never>;
  mute: { audio: boolean; video: boolean };
  chat: { text: string };
  /** The room's owner (or an administrator) lets a waiting person in, or turns them away. */
  admit: { requestId: string };
  deny: { requestId: string };
  /** A quality sample of one of the sender's peer connections (see quality-sample.ts); not relayed. */
  stats: QualitySample;
}

/** Why someone waiting was not let in. */
export type DeniedReason = 'denied' | 'timeout';

/** Payloads the server sends, keyed by event name. */
export interface ServerEventMap {
  'resp-join': {
    roomId: string;
    selfId: string;
    peers: PeerInfo[];
    capacity: number;
    /** Fresh TURN/STUN servers for this user; `turn-credentials` replaces them before they expire. */
    iceServers: SignalingIceServer[];
    /** Private: sent back in `join` after a lost socket to get the same peerId back. */
    resumeToken: string;
    /** True when this join resumed an earlier session. */
    resumed: boolean;
    /** How long the server holds this seat after the socket is lost; resume within it, join afresh after. */
    resumeWindowMs: number;
    /** How often the client should send `keepalive` (the server closes sockets silent for much longer). */
    keepaliveIntervalMs: number;
  };
  'new-peer': { peer: PeerInfo };
  'peer-leave': { peerId: string };
  offer: { from: string; sdp: SessionDescription };
  answer: { from: string; sdp: SessionDescription };
  candidate: { from: string; candidate: IceCandidate };
  keepalive: Record<string, never>;
  'peer-updated': { peer: PeerInfo };
  chat: { from: string; text: string; at: string };
  kicked: { reason: string };
  'room-closed': { roomId: string };
  'turn-credentials': { iceServers: SignalingIceServer[] };
  /** The answer to a `join` that needs the host's approval: nothing of the room arrives until `resp-join`. */
  waiting: { roomId: string; requestId: string; timeoutMs: number };
  /** To the room's owner and administrators in the call: someone waits to be let in. */
  knock: { requestId: string; displayName: string; guest: boolean };
  /** That knock is settled (let in, turned away, timed out or gone); hosts drop it from their list. */
  'knock-withdrawn': { requestId: string };
  /** To the one waiting: not let in. The socket stays open, outside any room. */
  denied: { roomId: string; reason: DeniedReason };
  /** `retryAfterSeconds`: with `rate-limited` for a join, when the same join may be tried again. */
  error: { code: SignalingErrorCode; message: string; ref?: string | number; retryAfterSeconds?: number };
}

export type ClientEvent = keyof ClientEventMap;
export type ServerEvent = keyof ServerEventMap;

export type ClientMessage = {
  [E in ClientEvent]: Frame<E, ClientEventMap[E]>;
}[ClientEvent];

export type ServerMessage = {
  [E in ServerEvent]: Frame<E, ServerEventMap[E]>;
}[ServerEvent];

/** Client messages that are relayed verbatim (with `to` replaced by `from`) to another peer. */
export type RelayMessage = Extract<ClientMessage, { event: 'offer' | 'answer' | 'candidate' }>;

export const CLIENT_EVENTS: readonly ClientEvent[] = [
  'join',
  'offer',
  'answer',
  'candidate',
  'leave',
  'keepalive',
  'mute',
  'chat',
  'admit',
  'deny',
  'stats',
];
