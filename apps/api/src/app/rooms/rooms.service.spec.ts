import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { ENTITIES, MIGRATIONS } from '../../database/database.module';
import { LocalAttempts } from '../limits/local-attempts';
import { PasswordHasher } from '../limits/password-hasher';
import { LocalPresence } from '../presence/local-presence';
import { User } from '../users/user.entity';
import { Room } from './room.entity';
import { RoomBansService } from './room-bans.service';
import { RoomBan } from './room-ban.entity';
import { RoomModerator } from './room-moderator.entity';
import { RoomModeratorsService } from './room-moderators.service';
import { RoomEvent, RoomsService } from './rooms.service';

const PW = 'open sesame';
const as = (id: string) => ({ id, username: id, displayName: id, role: 'user' as const });

describe('RoomsService', () => {
  let dataSource: DataSource;
  let rooms: RoomsService;
  let bans: RoomBansService;
  let events: RoomEvent[];
  let now: number;
  let attempts: LocalAttempts;
  let verify: jest.SpyInstance;
  let start: (env?: Record<string, string>) => void;
  const owner = { id: '', username: 'owner', displayName: 'Owner', role: 'user' as const };
  const stranger = {
    id: '11111111-1111-4111-8111-111111111111',
    username: 's',
    displayName: 'S',
    role: 'user' as const,
  };
  const admin = { ...stranger, role: 'admin' as const };

  beforeEach(async () => {
    dataSource = new DataSource({ type: 'sqlite', database: ':memory:', entities: ENTITIES, migrations: MIGRATIONS });
    await dataSource.initialize();
    await dataSource.runMigrations();
    const user = await dataSource
      .getRepository(User)
      .save({ username: 'owner', displayName: 'Owner', passwordHash: 'x', role: 'user' });
    owner.id = user.id;
    now = 1_000_000;
    start = (env = {}) => {
      const config = AppConfig.fromEnvironment({
        JWT_SECRET: 'x'.repeat(32),
        ROOM_PASSWORD_MAX_ATTEMPTS: '2',
        ROOM_PASSWORD_WINDOW_MS: '60000',
        ...env,
      });
      attempts?.onModuleDestroy();
      attempts = new LocalAttempts(() => now);
      const hasher = new PasswordHasher(config);
      verify = jest.spyOn(hasher, 'verify');
      bans = new RoomBansService(dataSource.getRepository(RoomBan));
      const moderators = new RoomModeratorsService(
        dataSource.getRepository(RoomModerator),
        dataSource.getRepository(User),
      );
      rooms = new RoomsService(
        dataSource.getRepository(Room),
        new LocalPresence(),
        bans,
        moderators,
        hasher,
        attempts,
        config,
      );
      events = [];
      rooms.events$.subscribe((event) => events.push(event));
    };
    start();
  });
  afterEach(async () => {
    attempts.onModuleDestroy();
    await dataSource.destroy();
  });

  it('checks locks before passwords, and a password only when the room has one', async () => {
    const open = await rooms.create(owner.id, { name: 'open', capacity: 5 });
    expect(await rooms.admit(open.id, 'anything', as('visitor'))).toEqual({
      ok: true,
      room: { id: open.id, capacity: 5, ownerId: owner.id, moderatorIds: [] },
      mustWait: false,
    });
    const guarded = await rooms.create(owner.id, { name: 'guarded', password: PW });
    expect(await rooms.admit(guarded.id, '', as('visitor'))).toEqual({ ok: false, code: 'room-password' });
    await rooms.update(guarded.id, owner, { locked: true });
    expect(await rooms.admit(guarded.id, PW, as('visitor'))).toEqual({ ok: false, code: 'room-locked' });
    expect(await rooms.admit('not-a-uuid', undefined, as('visitor'))).toEqual({ ok: false, code: 'room-not-found' });
  });

  it('refuses a barred account before the lock and without checking its password, until the bar is lifted', async () => {
    const visitor = await dataSource
      .getRepository(User)
      .save({ username: 'visitor', displayName: 'Visitor', passwordHash: 'x', role: 'user' });
    const room = await rooms.create(owner.id, { name: 'guarded', password: PW });
    await bans.bar(room.id, visitor.id, owner.id);
    expect(await rooms.admit(room.id, PW, as(visitor.id))).toEqual({ ok: false, code: 'barred' });
    expect(await rooms.admit(room.id, 'wrong', as(visitor.id))).toEqual({ ok: false, code: 'barred' });
    await rooms.update(room.id, owner, { locked: true });
    expect(await rooms.admit(room.id, PW, as(visitor.id))).toEqual({ ok: false, code: 'barred' });
    expect(verify).not.toHaveBeenCalled();
    expect(await rooms.admit(room.id.toUpperCase(), PW, as(visitor.id))).toEqual({ ok: false, code: 'barred' });

    await rooms.update(room.id, owner, { locked: false });
    expect(await rooms.admit(room.id, PW, as(owner.id))).toMatchObject({ ok: true });
    await bans.lift(room.id, visitor.id);
    expect(await rooms.admit(room.id, PW, as(visitor.id))).toMatchObject({ ok: true });
  });

  it('makes guests wait unless the room lets them in, members only when it says so, and never the owner', async () => {
    const room = await rooms.create(owner.id, { name: 'r', password: PW });
    const guest = { ...as('22222222-2222-4222-8222-222222222222'), role: 'guest' as const };
    const invited = { ...guest, guest: { roomId: room.id, inviteId: 'i1' } };
    expect(await rooms.admit(room.id, undefined, invited)).toMatchObject({ ok: true, mustWait: true });
    expect(await rooms.admit(room.id, PW, as('member'))).toMatchObject({ ok: true, mustWait: false });
    await rooms.update(room.id, owner, { guestsWait: false, membersWait: true });
    expect(await rooms.admit(room.id, undefined, invited)).toMatchObject({ ok: true, mustWait: false });
    expect(await rooms.admit(room.id, PW, as('member'))).toMatchObject({ ok: true, mustWait: true });
    expect(await rooms.admit(room.id, PW, as(owner.id))).toMatchObject({ ok: true, mustWait: false });
    expect(await rooms.admit(room.id, PW, admin)).toMatchObject({ ok: true, mustWait: false });
    const other = await rooms.create(owner.id, { name: 'other' });
    expect(await rooms.admit(other.id, undefined, invited)).toEqual({ ok: false, code: 'room-not-found' });
  });

  it("refuses a user's joins after too many wrong passwords without checking the password", async () => {
    const room = await rooms.create(owner.id, { name: 'guarded', password: PW });
    expect(await rooms.admit(room.id, undefined, as('guesser'))).toEqual({ ok: false, code: 'room-password' });
    expect(await rooms.admit(room.id, 'wrong 1', as('guesser'))).toEqual({ ok: false, code: 'room-password' });
    now += 15_500;
    expect(await rooms.admit(room.id, 'wrong 2', as('guesser'))).toEqual({ ok: false, code: 'room-password' });
    expect(verify).toHaveBeenCalledTimes(2);

    expect(await rooms.admit(room.id, PW, as('guesser'))).toEqual({
      ok: false,
      code: 'rate-limited',
      retryAfterSeconds: 45,
    });
    expect(await rooms.admit(room.id, undefined, as('guesser'))).toMatchObject({ code: 'rate-limited' });
    expect(verify).toHaveBeenCalledTimes(2);
    expect(await rooms.admit(room.id, PW, as('someone else'))).toMatchObject({ ok: true });

    now += 44_500;
    expect(await rooms.admit(room.id, PW, as('guesser'))).toMatchObject({ ok: true });
  });

  it('clears the failures of a user who gets the password right', async () => {
    const room = await rooms.create(owner.id, { name: 'guarded', password: PW });
    expect(await rooms.admit(room.id, 'wrong', as('forgetful'))).toMatchObject({ code: 'room-password' });
    expect(await rooms.admit(room.id, PW, as('forgetful'))).toMatchObject({ ok: true });
    expect(await rooms.admit(room.id, 'wrong', as('forgetful'))).toMatchObject({ code: 'room-password' });
    expect(await rooms.admit(room.id, PW, as('forgetful'))).toMatchObject({ ok: true });
  });

  it('lets the owner and administrators manage a room, and nobody else', async () => {
    const room = await rooms.create(owner.id, { name: 'r' });
    await expect(rooms.update(room.id, stranger, { capacity: 2 })).rejects.toMatchObject({
      response: { code: 'not-room-owner' },
    });
    await expect(rooms.remove(room.id, stranger)).rejects.toMatchObject({ response: { code: 'not-room-owner' } });
    expect(events).toEqual([]);
    await rooms.update(room.id, admin, { capacity: 2 });
    await rooms.remove(room.id, admin);
    expect(events).toEqual([
      { type: 'updated', roomId: room.id },
      { type: 'deleted', roomId: room.id },
    ]);
  });

  it("deletes a user's rooms one by one, announcing each", async () => {
    const a = await rooms.create(owner.id, { name: 'a' });
    const b = await rooms.create(owner.id, { name: 'b' });
    await rooms.removeOwnedBy(owner.id);
    expect(events.map((e) => e.roomId).sort()).toEqual([a.id, b.id].sort());
    expect(await rooms.count()).toBe(0);
  });

  it('counts wrong passwords per room across accounts, but not the right ones', async () => {
    start({ ROOM_PASSWORD_ROOM_MAX_ATTEMPTS: '3' });
    const room = await rooms.create(owner.id, { name: 'guarded', password: PW });
    for (const user of ['a', 'b', 'c', 'd'])
      expect(await rooms.admit(room.id, PW, as(user))).toMatchObject({ ok: true });
    for (const user of ['a', 'b', 'c']) {
      expect(await rooms.admit(room.id, 'wrong', as(user))).toEqual({ ok: false, code: 'room-password' });
    }
    expect(verify).toHaveBeenCalledTimes(7);
    expect(await rooms.admit(room.id, PW, as('fresh account'))).toEqual({
      ok: false,
      code: 'rate-limited',
      retryAfterSeconds: 60,
    });
    expect(verify).toHaveBeenCalledTimes(7);
  });

  it('refuses room passwords shorter than ROOM_PASSWORD_MIN_LENGTH when created or changed', async () => {
    await expect(rooms.create(owner.id, { name: 'r', password: '12345' })).rejects.toMatchObject({
      response: { code: 'validation-failed', message: ['password must be at least 6 characters long'] },
    });
    const room = await rooms.create(owner.id, { name: 'r', password: '123456' });
    await expect(rooms.update(room.id, owner, { password: 'abc' })).rejects.toMatchObject({ status: 400 });
    start({ ROOM_PASSWORD_MIN_LENGTH: '3' });
    await rooms.update(room.id, owner, { password: 'abc' });
  });

  it('limits the room passwords one account sets or tries to its hashing budget', async () => {
    start({ HASH_BUDGET_PER_ACCOUNT: '3', HASH_BUDGET_WINDOW_SECONDS: '60' });
    const room = await rooms.create(owner.id, { name: 'a', password: PW });
    await rooms.update(room.id, owner, { password: 'another one' });
    expect(await rooms.admit(room.id, 'another one', as(owner.id))).toMatchObject({ ok: true });
    await expect(rooms.create(owner.id, { name: 'b', password: PW })).rejects.toMatchObject({
      status: 429,
      retryAfterSeconds: 60,
      response: { code: 'rate-limited' },
    });
    expect(await rooms.admit(room.id, 'another one', as(owner.id))).toMatchObject({ code: 'rate-limited' });
    expect(await rooms.admit(room.id, 'another one', as('someone else'))).toMatchObject({ ok: true });
    now += 60_000;
    await rooms.create(owner.id, { name: 'b', password: PW });
  });

  it('lets an account own at most MAX_ROOMS_PER_ACCOUNT rooms, also when it creates them in parallel', async () => {
    start({ MAX_ROOMS_PER_ACCOUNT: '3' });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => rooms.create(owner.id, { name: `r${i}` })),
    );
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.length).toBeGreaterThanOrEqual(3);
    for (const r of refused) expect(r.reason).toMatchObject({ status: 403, response: { code: 'room-limit-reached' } });
    expect(await rooms.count()).toBe(6 - refused.length);
    while ((await rooms.count()) < 3) await rooms.create(owner.id, { name: 'more' });
    await expect(rooms.create(owner.id, { name: 'one too many' })).rejects.toMatchObject({ status: 403 });
    const other = await dataSource
      .getRepository(User)
      .save({ username: 'other', displayName: 'Other', passwordHash: 'x', role: 'user' });
    await rooms.create(other.id, { name: 'another owner' });
  });
});
