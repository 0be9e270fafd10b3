import type { PeerInfo, ServerMessage } from '@webrtc-call/signaling-contracts';
import type { AuthUser } from '../../common/auth-user';

/** One socket as the signaling logic sees it, whatever dialect it speaks on the wire. */
export interface PeerTransport {
  readonly isOpen: boolean;
  send(message: ServerMessage): void;
  close(code: number, reason: string): void;
  /** Drops the connection without a closing handshake (a dead peer cannot answer one). */
  terminate(): void;
  ping(): void;
}

/** A seat in a room. A peer is one socket; after a lost socket it waits, detached, for a resume. */
export interface Peer {
  readonly id: string;
  readonly user: AuthUser;
  readonly roomId: string;
  /** The room's capacity when the peer joined. */
  readonly roomCapacity: number;
  /** Delivers to the current socket; null while detached. */
  transport: PeerTransport | null;
  audio: boolean;
  video: boolean;
  resumeToken: string;
  /** Frames addressed to the peer while detached, delivered on resume. */
  queue: ServerMessage[];
  resumeTimer: NodeJS.Timeout | null;
  turnTimer: NodeJS.Timeout | null;
}

export function toPeerInfo(peer: Peer): PeerInfo {
  const info: PeerInfo = {
    peerId: peer.id,
    userId: peer.user.id,
    displayName: peer.user.displayName,
    audio: peer.audio,
    video: peer.video,
  };
  if (!peer.transport) info.reconnecting = true;
  return info;
}
