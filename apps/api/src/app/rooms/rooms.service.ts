import { BadRequestException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AdminRoomView, ApiErrorCode, LobbyParticipant, Page, RoomView } from '@webrtc-call/signaling-contracts';
import { Observable, Subject } from 'rxjs';
import { Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth-user';
import { AppConfig } from '../../config/app-config';
import { AttemptCounter, Attempts, ATTEMPTS, takeOrRefuse } from '../limits/attempts';
import { hashBudget } from '../limits/hash-budget';
import { PasswordHasher } from '../limits/password-hasher';
import { Presence, PRESENCE } from '../presence/presence';
import { CreateRoomDto, DEFAULT_CAPACITY } from './dto/create-room.dto';
import { UpdateRoomDto } from './dto/update-room.dto';
import { Room, toRoomView } from './room.entity';
import { RoomBansService } from './room-bans.service';
import { RoomModeratorsService } from './room-moderators.service';
import { isUuid } from '../../common/uuid';

export interface RoomEvent {
  type: 'deleted' | 'updated';
  roomId: string;
}

export type Admission =
  | { ok: true; room: { id: string; capacity: number } & RoomHosts; mustWait: boolean }
  | { ok: false; code: 'room-not-found' | 'barred' | 'room-locked' | 'room-password' }
  | { ok: false; code: 'rate-limited'; retryAfterSeconds: number };

export type Refusal = Extract<Admission, { ok: false }>;

/** Who may let people into a room's call besides administrators: its owner and its moderators. */
export interface RoomHosts {
  ownerId: string;
  moderatorIds: readonly string[];
}

@Injectable()
export class RoomsService {
  private readonly events = new Subject<RoomEvent>();
  /** Lets the signaling side react to changes (close a deleted room) without this module knowing it. */
  readonly events$: Observable<RoomEvent> = this.events.asObservable();

  constructor(
    @InjectRepository(Room) private readonly rooms: Repository<Room>,
    @Inject(PRESENCE) private readonly presence: Presence,
    private readonly bans: RoomBansService,
    private readonly moderators: RoomModeratorsService,
    private readonly hasher: PasswordHasher,
    @Inject(ATTEMPTS) private readonly attempts: Attempts,
    private readonly config: AppConfig,
  ) {}

  /**
   * At most MAX_ROOMS_PER_ACCOUNT rooms per owner. Counted after the insert, so that parallel creations
   * cannot overshoot: whichever sees too many takes its own room back.
   */
  async create(ownerId: string, dto: CreateRoomDto): Promise<RoomView> {
    // `password: null` asks for no password, as it removes one on update.
    const passwordHash = dto.password == null ? null : await this.hashRoomPassword(ownerId, dto.password);
    const room = await this.rooms.save(
      this.rooms.create({
        name: dto.name,
        capacity: dto.capacity ?? DEFAULT_CAPACITY,
        ownerId,
        passwordHash,
        isPublic: dto.isPublic ?? false,
        locked: false,
        guestsWait: dto.guestsWait ?? true,
        membersWait: dto.membersWait ?? false,
      }),
    );
    if ((await this.rooms.countBy({ ownerId })) > this.config.maxRoomsPerAccount) {
      await this.rooms.delete({ id: room.id });
      throw new ForbiddenException({
        code: ApiErrorCode.RoomLimitReached,
        message: `An account can own at most ${this.config.maxRoomsPerAccount} rooms; delete one first`,
      });
    }
    return await this.view(room);
  }

  /** The room, or null; ids that cannot be ours never reach the database. */
  find(id: string): Promise<Room | null> {
    return isUuid(id) ? this.rooms.findOneBy({ id: id.toLowerCase() }) : Promise.resolve(null);
  }

  async get(id: string): Promise<Room> {
    const room = await this.find(id);
    if (!room) throw new NotFoundException({ code: ApiErrorCode.RoomNotFound, message: 'No room with this id' });
    return room;
  }

  async getView(id: string): Promise<RoomView> {
    return await this.view(await this.get(id));
  }

  /** The caller's own rooms and every public room, newest first. */
  async list(userId: string, page: number, limit: number): Promise<Page<RoomView>> {
    const [rooms, total] = await this.rooms.findAndCount({
      where: [{ ownerId: userId }, { isPublic: true }],
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * limit,
      take: limit,
    });
    return { items: await Promise.all(rooms.map((room) => this.view(room))), total, page, limit };
  }

  /** Every room, for administrators, with who is in each call. */
  async listAll(page: number, limit: number): Promise<Page<AdminRoomView>> {
    const [rooms, total] = await this.rooms.findAndCount({
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (page - 1) * limit,
      take: limit,
    });
    const items = await Promise.all(
      rooms.map(async (room) => ({ ...(await this.view(room)), peers: await this.presence.roster(room.id) })),
    );
    return { items, total, page, limit };
  }

  /**
   * Who is in the room's call, by name, for the lobby: for its hosts, and in a room without a password for
   * anyone who has the link (they could walk in and see anyway).
   */
  async participants(id: string, caller: AuthUser): Promise<LobbyParticipant[]> {
    const room = await this.get(id);
    if (room.passwordHash !== null && !this.isHost({ ownerId: room.ownerId, moderatorIds: [] }, caller)) {
      throw new ForbiddenException({
        code: ApiErrorCode.Forbidden,
        message: 'Who is in a password room is shown to its owner only',
      });
    }
    const peers = await this.presence.roster(room.id);
    return peers.map((peer) => ({ displayName: peer.displayName, guest: peer.guest === true }));
  }

  count(): Promise<number> {
    return this.rooms.count();
  }

  /** The room, when the caller may change it: its owner or an administrator. */
  async getManaged(id: string, caller: AuthUser): Promise<Room> {
    const room = await this.get(id);
    assertMayManage(room, caller);
    return room;
  }

  async update(id: string, caller: AuthUser, dto: UpdateRoomDto): Promise<RoomView> {
    const room = await this.getManaged(id, caller);
    if (dto.name !== undefined) room.name = dto.name;
    if (dto.capacity !== undefined) room.capacity = dto.capacity;
    if (dto.locked !== undefined) room.locked = dto.locked;
    if (dto.isPublic !== undefined) room.isPublic = dto.isPublic;
    if (dto.guestsWait !== undefined) room.guestsWait = dto.guestsWait;
    if (dto.membersWait !== undefined) room.membersWait = dto.membersWait;
    if (dto.password === null) room.passwordHash = null;
    else if (dto.password !== undefined) room.passwordHash = await this.hashRoomPassword(caller.id, dto.password);
    const saved = await this.rooms.save(room);
    this.events.next({ type: 'updated', roomId: saved.id });
    return await this.view(saved);
  }

  async remove(id: string, caller: AuthUser): Promise<void> {
    const room = await this.getManaged(id, caller);
    await this.delete(room.id);
  }

  /** Deletes a user's rooms one by one so that each live call is told it closed. */
  async removeOwnedBy(ownerId: string): Promise<void> {
    const rooms = await this.rooms.find({ where: { ownerId }, select: { id: true } });
    for (const room of rooms) await this.delete(room.id);
  }

  /**
   * May someone enter this room's call? Capacity is left to the caller, which knows who is in the call.
   * A barred account is refused before anything else about the room is checked, its password included.
   * A password room answers 'room-password' for a missing and a wrong password alike. The passwords tried
   * are limited per user and room, per room from every user together, and by the user's hashing budget (a
   * missing password does not count): once any is used up, joins that would check a password answer
   * 'rate-limited' until its window ends, without checking anything.
   */
  async admit(roomId: string, password: string | undefined, user: AuthUser): Promise<Admission> {
    const userId = user.id;
    // A guest's room is the only one that exists for it.
    if (user.guest && user.guest.roomId !== roomId.toLowerCase()) return { ok: false, code: 'room-not-found' };
    const room = await this.find(roomId);
    if (!room) return { ok: false, code: 'room-not-found' };
    if (await this.bans.isBarred(room.id, userId)) return { ok: false, code: 'barred' };
    if (room.locked) return { ok: false, code: 'room-locked' };
    // The owner handed out the invite link: it stands in for the room password.
    if (room.passwordHash !== null && !user.guest) {
      const counters = this.passwordCounters(room.id, userId);
      const waitMs = await (password === undefined ? this.attempts.waitMs(counters) : this.attempts.take(counters));
      if (waitMs > 0) return { ok: false, code: 'rate-limited', retryAfterSeconds: Math.ceil(waitMs / 1000) };
      if (password === undefined) return { ok: false, code: 'room-password' };
      if (!(await this.hasher.verify(room.passwordHash, password))) return { ok: false, code: 'room-password' };
      // The user's count starts afresh; the room's keeps others' wrong guesses but not this right one.
      await this.attempts.clear([counters[0].key]);
      await this.attempts.refund([counters[1].key]);
    }
    const hosts = { ownerId: room.ownerId, moderatorIds: await this.moderators.of(room.id) };
    return {
      ok: true,
      room: { id: room.id, capacity: room.capacity, ...hosts },
      mustWait: !this.isHost(hosts, user) && (user.guest ? room.guestsWait : room.membersWait),
    };
  }

  /** Whether `user` may let people into the room's call: its owner, a moderator of it or an administrator. */
  isHost(hosts: RoomHosts, user: AuthUser): boolean {
    return hosts.ownerId === user.id || user.role === 'admin' || hosts.moderatorIds.includes(user.id);
  }

  /** Per user and room, per room (guessers with many accounts), and the user's hashing budget. */
  private passwordCounters(roomId: string, userId: string): AttemptCounter[] {
    const { maxAttempts, roomMaxAttempts, windowMs } = this.config.roomPasswordLimit;
    return [
      { key: `room-password:${roomId}:${userId}`, rule: { kind: 'window', limit: maxAttempts, windowMs } },
      { key: `room-password:${roomId}`, rule: { kind: 'window', limit: roomMaxAttempts, windowMs } },
      hashBudget(userId, this.config),
    ];
  }

  private async hashRoomPassword(userId: string, password: string): Promise<string> {
    const { minLength } = this.config.roomPasswordLimit;
    if (password.length < minLength) {
      throw new BadRequestException({
        code: ApiErrorCode.ValidationFailed,
        message: [`password must be at least ${minLength} characters long`],
      });
    }
    await takeOrRefuse(this.attempts, [hashBudget(userId, this.config)], 'Too many room passwords set by this account');
    return this.hasher.hash(password);
  }

  private async delete(roomId: string): Promise<void> {
    await this.rooms.delete({ id: roomId });
    this.events.next({ type: 'deleted', roomId });
  }

  private async view(room: Room): Promise<RoomView> {
    return toRoomView(room, (await this.presence.roster(room.id)).length);
  }
}

function assertMayManage(room: Room, caller: AuthUser): void {
  if (room.ownerId !== caller.id && caller.role !== 'admin') {
    throw new ForbiddenException({
      code: ApiErrorCode.NotRoomOwner,
      message: 'Only the owner of this room or an administrator can change it',
    });
  }
}
