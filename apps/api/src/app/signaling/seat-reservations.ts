import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import type { Peer } from '../presence/peer';
import { Connection, unseat } from './connection';

/**
 * Resume tokens and the seats they hold. Every seated peer has a token; when its socket is lost the seat
 * is held for the resume window, and a client presenting the token in time takes the seat back.
 */
@Injectable()
export class SeatReservations {
  private readonly byToken = new Map<string, Peer>();

  constructor(private readonly config: AppConfig) {}

  /** False when lost sockets leave at once (a resume window of 0). */
  get enabled(): boolean {
    return this.config.signaling.resumeWindowMs > 0;
  }

  /** A new seat in `room` for `conn`, resumable with its token. */
  reserve(conn: Connection, room: { id: string; capacity: number }): Peer {
    const peer: Peer = {
      id: randomUUID(),
      user: conn.user,
      roomId: room.id,
      roomCapacity: room.capacity,
      transport: conn.transport,
      audio: true,
      video: true,
      resumeToken: newResumeToken(),
      queue: [],
      resumeTimer: null,
      turnTimer: null,
    };
    this.byToken.set(peer.resumeToken, peer);
    conn.peer = peer;
    return peer;
  }

  /** The peer lost its socket: its seat waits for a resume, and `expire` runs when the window ends first. */
  hold(peer: Peer, expire: () => void): void {
    peer.transport = null;
    peer.resumeTimer = setTimeout(expire, this.config.signaling.resumeWindowMs);
    peer.resumeTimer.unref();
  }

  /**
   * Gives the seat behind `token` to `conn` and rotates the token; null unless the token holds a seat of
   * this user in this room. `connections` are the open sockets, one of which may still hold the seat.
   */
  reclaim(conn: Connection, roomId: string, token: string, connections: Iterable<Connection>): Peer | null {
    const peer = this.byToken.get(token);
    if (!peer || peer.roomId !== roomId || peer.user.id !== conn.user.id) return null;
    // The old socket may not have noticed it is dead yet (network switch): the new one takes over.
    unseat(peer, connections);
    this.stopTimer(peer);
    this.byToken.delete(token);
    peer.resumeToken = newResumeToken();
    this.byToken.set(peer.resumeToken, peer);
    peer.transport = conn.transport;
    conn.peer = peer;
    return peer;
  }

  /** The seat is gone for good: its token no longer resumes and its timer is stopped. */
  release(peer: Peer): void {
    this.stopTimer(peer);
    this.byToken.delete(peer.resumeToken);
  }

  /** Seats of this user that wait for a resume. */
  heldFor(userId: string): Peer[] {
    return this.all().filter((peer) => peer.user.id === userId && !peer.transport);
  }

  /** Every resumable peer, seated or waiting. */
  all(): Peer[] {
    return [...this.byToken.values()];
  }

  private stopTimer(peer: Peer): void {
    if (peer.resumeTimer) clearTimeout(peer.resumeTimer);
    peer.resumeTimer = null;
  }
}

function newResumeToken(): string {
  return randomBytes(24).toString('base64url');
}
