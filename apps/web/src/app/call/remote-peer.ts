import { PeerInfo } from '@webrtc-call/signaling-contracts';
import type { UnreachableReason } from './peer-session';

export interface RemotePeer {
  peerId: string;
  /** The peer's account (a guest's id for a guest); null until the server named it. */
  userId: string | null;
  /** Came in through an invite link. */
  guest: boolean;
  displayName: string;
  stream: MediaStream | null;
  connectionState: RTCPeerConnectionState;
  /** Whether the peer sends audio / video (its own mute buttons). */
  audio: boolean;
  video: boolean;
  /** The peer's signaling socket is gone and the server holds its seat for a resume. */
  reconnecting: boolean;
  /** Set when the connection gave up finding a path to the peer, and why. */
  unreachable: UnreachableReason | null;
}

export type PeerBadge = 'connecting' | 'connected' | 'relayed' | 'reconnecting' | 'failed';

const UNKNOWN_NAME = 'Guest';

export function newRemotePeer(peerId: string, info?: Partial<PeerInfo>): RemotePeer {
  return {
    peerId,
    userId: info?.userId ?? null,
    guest: info?.guest === true,
    displayName: info?.displayName?.trim() || UNKNOWN_NAME,
    stream: null,
    connectionState: 'new',
    audio: info?.audio ?? true,
    video: info?.video ?? true,
    reconnecting: info?.reconnecting ?? false,
    unreachable: null,
  };
}

/** What the tile of a peer we could not connect to says. */
export function unreachableSentence(reason: UnreachableReason, name: string): string {
  switch (reason) {
    case 'no-relay':
      return `Could not connect to ${name}: no direct path between your networks, and no relay server (TURN) is configured.`;
    case 'relay-unreachable':
      return `Could not connect to ${name}: no direct path between your networks, and the relay server (TURN) cannot be reached from yours.`;
    case 'no-path':
      return `Could not connect to ${name}, even through the relay server (TURN): their network may block it.`;
  }
}

/** The view-relevant fields a PeerInfo from the server carries. */
export function peerInfoChanges(info: Partial<PeerInfo>): Partial<RemotePeer> {
  const changes: Partial<RemotePeer> = {};
  const name = info.displayName?.trim();
  if (name) changes.displayName = name;
  if (info.userId) changes.userId = info.userId;
  if (typeof info.guest === 'boolean') changes.guest = info.guest;
  if (typeof info.audio === 'boolean') changes.audio = info.audio;
  if (typeof info.video === 'boolean') changes.video = info.video;
  changes.reconnecting = info.reconnecting === true;
  return changes;
}

/** The one word a tile shows about its connection. */
export function peerBadge(
  peer: Pick<RemotePeer, 'connectionState' | 'reconnecting'> & Partial<Pick<RemotePeer, 'unreachable'>>,
  relayed: boolean,
): PeerBadge {
  if (peer.reconnecting) return 'reconnecting';
  if (peer.unreachable) return 'failed';
  switch (peer.connectionState) {
    case 'connected':
      return relayed ? 'relayed' : 'connected';
    case 'disconnected':
      return 'reconnecting';
    case 'failed':
    case 'closed':
      return 'failed';
    case 'new':
    case 'connecting':
      return 'connecting';
  }
}
