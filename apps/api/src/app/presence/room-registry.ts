import { Injectable } from '@nestjs/common';
import type { PeerInfo } from '@webrtc-call/signaling-contracts';
import { Peer, toPeerInfo } from './peer';

/** Something the registry can disconnect: a live socket of a user. */
export interface UserSocket {
  close(code: number, reason: string): void;
}

/**
 * Live state of this instance: who sits in which room and which sockets each user holds.
 * Lookups are by map key only: this is on the relay path.
 */
@Injectable()
export class RoomRegistry {
  private readonly rooms = new Map<string, Map<string, Peer>>();
  private readonly socketsByUser = new Map<string, Set<UserSocket>>();
  private sockets = 0;

  add(peer: Peer): void {
    let members = this.rooms.get(peer.roomId);
    if (!members) {
      members = new Map();
      this.rooms.set(peer.roomId, members);
    }
    members.set(peer.id, peer);
  }

  /** Removes the peer from its room and returns who is still there. */
  remove(peer: Peer): Peer[] {
    const members = this.rooms.get(peer.roomId);
    if (!members || members.get(peer.id) !== peer) return [];
    members.delete(peer.id);
    if (members.size === 0) this.rooms.delete(peer.roomId);
    return [...members.values()];
  }

  /** A member of the given room, or undefined; peers of other rooms are invisible. */
  member(roomId: string, peerId: string): Peer | undefined {
    return this.rooms.get(roomId)?.get(peerId);
  }

  members(roomId: string): Peer[] {
    const members = this.rooms.get(roomId);
    return members ? [...members.values()] : [];
  }

  participantCount(roomId: string): number {
    return this.rooms.get(roomId)?.size ?? 0;
  }

  participants(roomId: string): PeerInfo[] {
    return this.members(roomId).map(toPeerInfo);
  }

  liveRoomIds(): string[] {
    return [...this.rooms.keys()];
  }

  roomCount(): number {
    return this.rooms.size;
  }

  totalParticipants(): number {
    let total = 0;
    for (const members of this.rooms.values()) total += members.size;
    return total;
  }

  socketOpened(userId: string, socket: UserSocket): void {
    let sockets = this.socketsByUser.get(userId);
    if (!sockets) {
      sockets = new Set();
      this.socketsByUser.set(userId, sockets);
    }
    sockets.add(socket);
    this.sockets++;
  }

  socketClosed(userId: string, socket: UserSocket): void {
    const sockets = this.socketsByUser.get(userId);
    if (!sockets?.delete(socket)) return;
    this.sockets--;
    if (sockets.size === 0) this.socketsByUser.delete(userId);
  }

  userSockets(userId: string): UserSocket[] {
    return [...(this.socketsByUser.get(userId) ?? [])];
  }

  socketCount(): number {
    return this.sockets;
  }
}
