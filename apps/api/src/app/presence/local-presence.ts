import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { PeerInfo } from '@webrtc-call/signaling-contracts';
import { NEVER, Observable } from 'rxjs';
import type { AuthUser } from '../../common/auth-user';
import type { Departure, Presence } from './presence';
import type { Seat, SeatSocket } from './seat';

/** Presence in this process's memory. Lookups are by map key only: `member` is on the relay path. */
@Injectable()
export class LocalPresence implements Presence, OnModuleDestroy {
  private readonly rooms = new Map<string, Map<string, Seat>>();
  private readonly byToken = new Map<string, Seat>();
  private participantTotal = 0;
  /** One process: no other instance to leave seats behind. */
  readonly departures$ = NEVER as Observable<Departure>;

  /** Seats held for a resume die with the process; their timers must not keep it alive. */
  onModuleDestroy(): void {
    for (const seat of this.all()) this.vacate(seat);
  }

  async claim(seat: Seat): Promise<boolean> {
    if (this.participantCount(seat.roomId) >= seat.capacity) return false;
    this.place(seat);
    return true;
  }

  /** Seats `seat` without a capacity check: it already holds its place (a seat moving in from another instance). */
  place(seat: Seat): void {
    let members = this.rooms.get(seat.roomId);
    if (!members) {
      members = new Map();
      this.rooms.set(seat.roomId, members);
    }
    members.set(seat.id, seat);
    this.byToken.set(seat.resumeToken, seat);
    this.participantTotal++;
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

  /** Seats live in this map only: nothing to tell anyone. */
  updated(): void {
    return;
  }

  async resume(resumeToken: string, user: AuthUser, roomId: string, socket: SeatSocket): Promise<Seat | null> {
    return this.resumeHere(resumeToken, user.id, roomId, socket);
  }

  resumeHere(resumeToken: string, userId: string, roomId: string, socket: SeatSocket): Seat | null {
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

  /** One process: every held seat is its own, freed by its own timer. */
  async forgetHeld(): Promise<PeerInfo[]> {
    return [];
  }

  async roster(roomId: string): Promise<PeerInfo[]> {
    return this.participants(roomId);
  }

  async totals(): Promise<{ rooms: number; participants: number }> {
    return { rooms: this.roomCount(), participants: this.participantTotal };
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
