import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Subscription } from 'rxjs';
import { IsNull, Repository } from 'typeorm';
import { Presence, PRESENCE } from '../presence/presence';
import { SeatEvent, SeatEvents, SeatJoined, SeatReleased } from '../presence/seat-events';
import { Room } from '../rooms/room.entity';
import { Call } from './call.entity';
import { CallParticipant } from './call-participant.entity';

/** How often open calls are checked against presence (for rooms emptied while no instance watched). */
export const ORPHAN_SWEEP_INTERVAL_MS = 5 * 60 * 1000;

/**
 * Keeps calls and their participants in step with the seats. The room's open call lives in the
 * database (one per room, by a partial unique index), so every instance finds the same one; a call
 * ends when presence, which all instances share, finds its room empty after a release. Seat events of
 * one room are handled in order on this instance; the relay path never waits for any of it.
 */
@Injectable()
export class CallLedger implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CallLedger.name);
  private readonly subscription = new Subscription();
  private readonly queues = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @InjectRepository(Call) private readonly calls: Repository<Call>,
    @InjectRepository(CallParticipant) private readonly participants: Repository<CallParticipant>,
    @InjectRepository(Room) private readonly rooms: Repository<Room>,
    @Inject(PRESENCE) private readonly presence: Presence,
    private readonly seats: SeatEvents,
  ) {}

  onModuleInit(): void {
    this.subscription.add(this.seats.events$.subscribe((event) => this.enqueue(event)));
    // At start, calls left open by a process that stopped without seeing their rooms empty.
    void this.sweepOrphans();
    this.timer = setInterval(() => void this.sweepOrphans(), ORPHAN_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
    if (this.timer) clearInterval(this.timer);
  }

  /** Resolves once every seat event received so far has been written (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.queues.size > 0) await Promise.all([...this.queues.values()]);
  }

  /** The room's open call, or null. */
  openCall(roomId: string): Promise<Call | null> {
    return this.calls.findOneBy({ roomId, endedAt: IsNull() });
  }

  /** Ends open calls whose room nobody sits in any more (nor is held for a resume). */
  async sweepOrphans(now = new Date()): Promise<number> {
    let ended = 0;
    try {
      for (const call of await this.calls.findBy({ endedAt: IsNull() })) {
        if ((await this.presence.roster(call.roomId)).length > 0) continue;
        await this.participants.update({ callId: call.id, leftAt: IsNull() }, { leftAt: now });
        const result = await this.calls.update({ id: call.id, endedAt: IsNull() }, { endedAt: now });
        ended += result.affected ?? 0;
      }
    } catch (error: unknown) {
      this.logger.warn(`could not check open calls: ${String(error)}`);
    }
    return ended;
  }

  private enqueue(event: SeatEvent): void {
    const previous = this.queues.get(event.roomId) ?? Promise.resolve();
    const next = previous
      .then(() => (event.kind === 'joined' ? this.joined(event) : this.released(event)))
      .catch((error: unknown) => this.logger.error(`call record of room ${event.roomId} not updated: ${String(error)}`))
      .finally(() => {
        if (this.queues.get(event.roomId) === next) this.queues.delete(event.roomId);
      });
    this.queues.set(event.roomId, next);
  }

  private async joined(seat: SeatJoined): Promise<void> {
    // An open call another instance is ending at this very moment: the seat goes to the next one.
    for (let attempt = 0; attempt < 3; attempt++) {
      const call = await this.openOrCreate(seat.roomId);
      await this.participants
        .createQueryBuilder()
        .insert()
        .values({
          callId: call.id,
          peerId: seat.peerId,
          userId: seat.userId,
          displayName: seat.displayName,
          guest: seat.guest,
          joinedAt: new Date(),
          leftAt: null,
        })
        .orIgnore()
        .execute();
      const still = await this.calls.findOneBy({ id: call.id });
      if (still && still.endedAt === null) return;
      await this.participants.delete({ callId: call.id, peerId: seat.peerId, leftAt: IsNull() });
    }
    throw new Error(`no open call for seat ${seat.peerId}`);
  }

  private async released(seat: SeatReleased): Promise<void> {
    const call = await this.openCall(seat.roomId);
    if (!call) return;
    const now = new Date();
    await this.participants.update({ callId: call.id, peerId: seat.peerId, leftAt: IsNull() }, { leftAt: now });
    if ((await this.presence.roster(seat.roomId)).length > 0) return;
    // Only if nobody joined it meanwhile (a seat claimed after the roster was read, on another instance).
    await this.calls
      .createQueryBuilder()
      .update()
      .set({ endedAt: now })
      .where('id = :id AND "endedAt" IS NULL', { id: call.id })
      .andWhere(`NOT EXISTS (SELECT 1 FROM call_participant p WHERE p."callId" = :id AND p."leftAt" IS NULL)`, {
        id: call.id,
      })
      .execute();
  }

  private async openOrCreate(roomId: string): Promise<Call> {
    const open = await this.openCall(roomId);
    if (open) return open;
    const room = await this.rooms.findOneBy({ id: roomId });
    try {
      // A plain insert, no transaction of its own: on SQLite those would share the one connection.
      await this.calls.insert({ roomId, roomName: room?.name ?? '', startedAt: new Date(), endedAt: null });
    } catch (error) {
      // Another instance opened it first: the unique index on open calls refused ours.
      const winner = await this.openCall(roomId);
      if (winner) return winner;
      throw error;
    }
    const opened = await this.openCall(roomId);
    if (!opened) throw new Error(`the call of room ${roomId} ended as it was opened`);
    return opened;
  }
}
