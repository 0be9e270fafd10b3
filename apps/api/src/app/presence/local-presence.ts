import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { PeerInfo } from '@webrtc-call/signaling-contracts';
import type { Presence } from './presence';
import type { Seat, SeatSocket } from './seat';

/** Presence in this process's memory. Lookups are by map key only: `member` is on the relay path. */
@Injectable()
export class LocalPresence implements Presence, OnModuleDestroy {
  private readonly rooms = new Map<string, Map<string, Seat>>();
  private readonly byToken = new Map<string, Seat>();
  private participantTotal = 0;

  /** Seats held for a resume die with the process; their timers must not keep it alive. */
  onModuleDestroy(): void {
    for (const seat of this.all()) this.vacate(seat);
  }

  async claim(seat: Seat): Promise<boolean> {
    let members = this.rooms.get(seat.roomId);
    if ((members?.size ?? 0) >= seat.capacity) return false;
    if (!members) {
      members = new Map();
      this.rooms.set(seat.roomId, members);
    }
    members.set(seat.id, seat);
    this.byToken.set(seat.resumeToken, seat);
    this.participantTotal++;
    return true;
  }

  vacate(seat: Seat): boolean {
    seat.release();
    const members = this.rooms.get(seat.roomId);
    if (!members || members.get(seat.id) !== seat) return false;
    members.delete(seat.id);
    if (members.size === 0) this.rooms.delete(seat.roomId);
    this.byToken.delete(seat.resumeToken);
    this.participantTotal--;
    return true;
  }

  resume(resumeToken: string, userId: string, roomId: string, socket: SeatSocket): Seat | null {
    const seat = this.byToken.get(resumeToken);
    if (!seat || seat.user.id !== userId || seat.roomId !== roomId) return null;
    this.byToken.delete(resumeToken);
    seat.resume(socket);
    this.byToken.set(seat.resumeToken, seat);
    return seat;
  }

  member(roomId: string, peerId: string): Seat | undefined {
    return this.rooms.get(roomId)?.get(peerId);
  }

  members(roomId: string): Seat[] {
    const members = this.rooms.get(roomId);
    return members ? [...members.values()] : [];
  }

  seatsOf(userId: string): Seat[] {
    return this.all().filter((seat) => seat.user.id === userId);
  }

  participantCount(roomId: string): number {
    return this.rooms.get(roomId)?.size ?? 0;
  }

  participants(roomId: string): PeerInfo[] {
    return this.members(roomId).map((seat) => seat.info());
  }

  roomCount(): number {
    return this.rooms.size;
  }

  totalParticipants(): number {
    return this.participantTotal;
  }

  all(): Seat[] {
    return [...this.byToken.values()];
  }
}
