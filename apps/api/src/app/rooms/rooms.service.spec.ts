import { DataSource } from 'typeorm';
import { verifyPassword } from '../../common/passwords';
import { AppConfig } from '../../config/app-config';
import { ENTITIES, MIGRATIONS } from '../../database/database.module';
import { LocalPresence } from '../presence/local-presence';
import { User } from '../users/user.entity';
import { Room } from './room.entity';
import { RoomPasswordLimiter } from './room-password-limiter';
import { RoomEvent, RoomsService } from './rooms.service';

jest.mock('../../common/passwords', () => {
  const actual = jest.requireActual('../../common/passwords');
  return { ...actual, verifyPassword: jest.fn(actual.verifyPassword) };
});

describe('RoomsService', () => {
  let dataSource: DataSource;
  let rooms: RoomsService;
  let events: RoomEvent[];
  let now: number;
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
    const config = AppConfig.fromEnvironment({
      JWT_SECRET: 'x'.repeat(32),
      ROOM_PASSWORD_MAX_ATTEMPTS: '2',
      ROOM_PASSWORD_WINDOW_MS: '60000',
    });
    const limiter = new RoomPasswordLimiter(config, () => now);
    rooms = new RoomsService(dataSource.getRepository(Room), new LocalPresence(), limiter);
    jest.mocked(verifyPassword).mockClear();
    events = [];
    rooms.events$.subscribe((event) => events.push(event));
  });
  afterEach(() => dataSource.destroy());

  it('checks locks before passwords, and a password only when the room has one', async () => {
    const open = await rooms.create(owner.id, { name: 'open', capacity: 5 });
    expect(await rooms.admit(open.id, 'anything', 'visitor')).toEqual({ ok: true, room: { id: open.id, capacity: 5 } });
    const guarded = await rooms.create(owner.id, { name: 'guarded', password: 'pw' });
    expect(await rooms.admit(guarded.id, '', 'visitor')).toEqual({ ok: false, code: 'room-password' });
    await rooms.update(guarded.id, owner, { locked: true });
    expect(await rooms.admit(guarded.id, 'pw', 'visitor')).toEqual({ ok: false, code: 'room-locked' });
    expect(await rooms.admit('not-a-uuid', undefined, 'visitor')).toEqual({ ok: false, code: 'room-not-found' });
  });

  it("refuses a user's joins after too many wrong passwords without checking the password", async () => {
    const room = await rooms.create(owner.id, { name: 'guarded', password: 'pw' });
    expect(await rooms.admit(room.id, undefined, 'guesser')).toEqual({ ok: false, code: 'room-password' });
    expect(await rooms.admit(room.id, 'wrong 1', 'guesser')).toEqual({ ok: false, code: 'room-password' });
    now += 15_500;
    expect(await rooms.admit(room.id, 'wrong 2', 'guesser')).toEqual({ ok: false, code: 'room-password' });
    expect(verifyPassword).toHaveBeenCalledTimes(2);

    expect(await rooms.admit(room.id, 'pw', 'guesser')).toEqual({
      ok: false,
      code: 'rate-limited',
      retryAfterSeconds: 45,
    });
    expect(await rooms.admit(room.id, undefined, 'guesser')).toMatchObject({ code: 'rate-limited' });
    expect(verifyPassword).toHaveBeenCalledTimes(2);
    expect(await rooms.admit(room.id, 'pw', 'someone else')).toMatchObject({ ok: true });

    now += 44_500;
    expect(await rooms.admit(room.id, 'pw', 'guesser')).toMatchObject({ ok: true });
  });

  it('clears the failures of a user who gets the password right', async () => {
    const room = await rooms.create(owner.id, { name: 'guarded', password: 'pw' });
    expect(await rooms.admit(room.id, 'wrong', 'forgetful')).toMatchObject({ code: 'room-password' });
    expect(await rooms.admit(room.id, 'pw', 'forgetful')).toMatchObject({ ok: true });
    expect(await rooms.admit(room.id, 'wrong', 'forgetful')).toMatchObject({ code: 'room-password' });
    expect(await rooms.admit(room.id, 'pw', 'forgetful')).toMatchObject({ ok: true });
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
});
