import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { PeerInfo, ServerMessage } from '@webrtc-call/signaling-contracts';
import { parseServerMessage } from '@webrtc-call/signaling-contracts';
import { Subject } from 'rxjs';
import type { AuthUser } from '../../common/auth-user';
import { AppConfig } from '../../config/app-config';
import { REDIS } from '../redis/redis.module';
import type { RedisConnection } from '../redis/redis-connection';
import { LocalPresence } from './local-presence';
import type { Departure, Presence } from './presence';
import { CLAIM, EXPIRE_HELD, FORGET_HELD, REAP, TAKE_OVER, TOTALS, UPDATE, VACATE } from './presence-scripts';
import { Seat, SeatLimits, SeatSocket } from './seat';
import { parseRecord, SeatRecord, toPeerInfo, toRecord } from './seat-record';

/**
 * Presence shared by instances through Redis. This instance's seats stay `Seat` objects in a
 * `LocalPresence`; Redis holds every instance's seat records, the capacity check (one Lua script) and
 * each instance's liveness key. Every instance refreshes its key and reaps the seats of instances whose
 * key expired: held for their resume window, then freed.
 */
@Injectable()
export class RedisPresence implements Presence, OnModuleInit, OnModuleDestroy {
  readonly departures$ = new Subject<Departure>();
  private readonly local = new LocalPresence();
  private readonly logger = new Logger('Presence');
  private readonly self: string;
  private readonly ttlMs: number;
  private timer: NodeJS.Timeout | null = null;
  private subscribed = false;

  constructor(
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: RedisConnection,
  ) {
    this.self = redis.instanceId;
    this.ttlMs = (config.redis as NonNullable<AppConfig['redis']>).instanceTtlMs;
  }

  onModuleInit(): void {
    this.redis.onReady(() => void this.ready());
    this.timer = setInterval(() => void this.tick(), Math.max(250, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
  }

  /** Shutdown: the seats stay in Redis for their resume on another instance, which reaps them once the key is gone. */
  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.local.onModuleDestroy();
    if (this.redis.ready) await this.redis.client.del(this.key('instance', this.self)).catch(() => undefined);
  }

  async claim(seat: Seat): Promise<boolean> {
    const seated = await this.redis.script(
      CLAIM,
      [this.key('room', seat.roomId), this.key('rooms'), this.key('seats', this.self)],
      [seat.capacity, seat.id, JSON.stringify(toRecord(seat, this.self)), seat.roomId, 0],
    );
    if (seated !== 1) return false;
    this.local.place(seat);
    return true;
  }

  vacate(seat: Seat): boolean {
    if (!this.local.vacate(seat)) return false;
    this.run('vacate', VACATE, this.roomKeys(seat.roomId), [seat.id, this.self, seat.roomId, this.key()]);
    return true;
  }

  updated(seat: Seat): void {
    const record = JSON.stringify(toRecord(seat, this.self));
    this.run('update', UPDATE, [this.key('room', seat.roomId)], [seat.id, this.self, record]);
  }

  async resume(
    resumeToken: string,
    user: AuthUser,
    roomId: string,
    socket: SeatSocket,
    limits: SeatLimits,
  ): Promise<Seat | null> {
    // Through Redis even for a seat of this instance: the frames kept while it was held wait there.
    const reply = await this.redis.script(
      TAKE_OVER,
      [this.key('room', roomId), this.key('seats', this.self), this.key('held')],
      [roomId, resumeToken, user.id, this.self, '', this.key()],
    );
    if (!Array.isArray(reply)) return null;
    const [raw, previous, queued] = reply as [unknown, unknown, unknown];
    const record = parseRecord(raw);
    if (!record || record.u !== user.id) return null;
    const seat =
      (previous === this.self && this.local.resumeHere(resumeToken, user.id, roomId, socket)) ||
      this.moveHere(roomId, record, previous, user, socket, limits);
    seat.preload(parseFrames(queued));
    // The token the script stored was blank: the seat's fresh one replaces it, so the old token is spent.
    this.updated(seat);
    return seat;
  }

  member(roomId: string, peerId: string): Seat | undefined {
    return this.local.member(roomId, peerId);
  }

  members(roomId: string): Seat[] {
    return this.local.members(roomId);
  }

  seatsOf(userId: string): Seat[] {
    return this.local.seatsOf(userId);
  }

  async roster(roomId: string): Promise<PeerInfo[]> {
    const raw = await this.redis.client.hVals(this.key('room', roomId));
    return raw.flatMap((value) => {
      const record = parseRecord(value);
      return record ? [toPeerInfo(record)] : [];
    });
  }

  async forgetHeld(roomId: string, userId?: string): Promise<PeerInfo[]> {
    const keys = [this.key('room', roomId), this.key('rooms'), this.key('held')];
    const reply = await this.redis.script(FORGET_HELD, keys, [userId ?? '', roomId, this.key()]);
    return (Array.isArray(reply) ? reply : []).flatMap((raw: unknown) => {
      const record = parseRecord(raw);
      return record ? [toPeerInfo(record, false)] : [];
    });
  }

  async totals(): Promise<{ rooms: number; participants: number }> {
    const reply = (await this.redis.script(TOTALS, [], [this.key()])) as unknown;
    const [rooms, participants] = Array.isArray(reply) ? reply : [];
    return { rooms: Number(rooms) || 0, participants: Number(participants) || 0 };
  }

  roomCount(): number {
    return this.local.roomCount();
  }

  totalParticipants(): number {
    return this.local.totalParticipants();
  }

  all(): Seat[] {
    return this.local.all();
  }

  key(...parts: string[]): string {
    return this.redis.key(...parts);
  }

  private roomKeys(roomId: string): string[] {
    return [this.key('room', roomId), this.key('rooms'), this.key('seats', this.self), this.key('held')];
  }

  /** The seat was held by another instance (or left behind by a dead one): it moves here with its peer id. */
  private moveHere(
    roomId: string,
    record: SeatRecord,
    previous: unknown,
    user: AuthUser,
    socket: SeatSocket,
    limits: SeatLimits,
  ): Seat {
    const stale = this.local.member(roomId, record.p);
    if (stale) this.local.vacate(stale);
    const seat = new Seat(user, roomId, record.c, socket, limits, record.p);
    seat.audio = record.a;
    seat.video = record.v;
    this.local.place(seat);
    if (typeof previous === 'string' && previous !== this.self) {
      this.run('publish', null, [], [], () =>
        this.redis.client.publish(this.key('presence', previous), JSON.stringify({ r: roomId, p: record.p })),
      );
    }
    return seat;
  }

  /** Another instance took over one of ours: our copy goes quietly, nobody left. */
  private lost(message: string): void {
    let value: unknown;
    try {
      value = JSON.parse(message);
    } catch {
      return;
    }
    const { r, p } = (value ?? {}) as Record<string, unknown>;
    if (typeof r !== 'string' || typeof p !== 'string') return;
    const seat = this.local.member(r, p);
    if (seat) this.local.vacate(seat);
  }

  /** Redis (again) answers: subscribe once (node-redis resubscribes itself), and put back what it lost. */
  private async ready(): Promise<void> {
    try {
      if (!this.subscribed) {
        this.subscribed = true;
        await this.redis.subscriber.subscribe(this.key('presence', this.self), (message) => this.lost(message));
      }
      await this.tick();
    } catch (error: unknown) {
      this.subscribed = false;
      this.logger.warn(`could not register with Redis: ${String(error)}`);
    }
  }

  private async tick(): Promise<void> {
    if (!this.redis.ready) return;
    try {
      await this.heartbeat();
      await this.reap();
    } catch (error: unknown) {
      this.logger.warn(`liveness round failed: ${String(error)}`);
    }
  }

  /** Refreshes this instance's key; an instance Redis forgot (restarted, or reaped us) writes its seats back. */
  private async heartbeat(): Promise<void> {
    await this.redis.client.set(this.key('instance', this.self), String(Date.now()), { PX: this.ttlMs });
    if ((await this.redis.client.sAdd(this.key('instances'), this.self)) === 0) return;
    for (const seat of this.local.all()) {
      await this.redis.script(
        CLAIM,
        [this.key('room', seat.roomId), this.key('rooms'), this.key('seats', this.self)],
        [seat.capacity, seat.id, JSON.stringify(toRecord(seat, this.self)), seat.roomId, 1],
      );
    }
  }

  private async reap(): Promise<void> {
    const window = this.config.signaling.resumeWindowMs;
    for (const other of await this.redis.client.sMembers(this.key('instances'))) {
      if (other === this.self) continue;
      const keys = [this.key('instances'), this.key('instance', other), this.key('seats', other), this.key('held')];
      const reaped = await this.redis.script(REAP, keys, [other, Date.now(), window, this.key()]);
      if (Array.isArray(reaped) && reaped.length > 0)
        this.logger.warn(`instance ${other} is gone: ${reaped.length} seats`);
      this.announce(reaped, (kind) => (kind === 'held' ? 'held' : 'left'));
    }
    const expired = await this.redis.script(EXPIRE_HELD, [this.key('held')], [Date.now(), this.key()]);
    this.announce(expired, () => 'left');
  }

  private announce(reply: unknown, kindOf: (kind: unknown) => Departure['kind']): void {
    if (!Array.isArray(reply)) return;
    for (const entry of reply) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string') continue;
      const record: SeatRecord | null = parseRecord(entry[1]);
      const kind = kindOf(entry[2]);
      if (record) this.departures$.next({ roomId: entry[0], peer: toPeerInfo(record, kind === 'held'), kind });
    }
  }

  /** Fire-and-forget writes: they run in order on the one connection; a failure is logged, never thrown. */
  private run(
    what: string,
    script: string | null,
    keys: string[],
    args: Array<string | number>,
    command?: () => Promise<unknown>,
  ): void {
    const done = command ? command() : this.redis.script(script as string, keys, args);
    done.catch((error: unknown) => this.logger.warn(`${what} failed: ${String(error)}`));
  }
}

/** Frames kept in Redis for a held seat, each checked like any frame from outside. */
function parseFrames(queued: unknown): ServerMessage[] {
  if (!Array.isArray(queued)) return [];
  return queued.flatMap((raw) => {
    const parsed = typeof raw === 'string' ? parseServerMessage(raw) : null;
    return parsed?.ok ? [parsed.message] : [];
  });
}
