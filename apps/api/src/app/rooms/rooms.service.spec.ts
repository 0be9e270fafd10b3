import { DataSource } from 'typeorm';
import { ENTITIES, MIGRATIONS } from '../../database/database.module';
import { RoomRegistry } from '../presence/room-registry';
import { User } from '../users/user.entity';
import { Room } from './room.entity';
import { RoomEvent, RoomsService } from './rooms.service';

describe('RoomsService', () => {
  let dataSource: DataSource;
  let rooms: RoomsService;
  let events: RoomEvent[];
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
    rooms = new RoomsService(dataSource.getRepository(Room), new RoomRegistry());
    events = [];
    rooms.events$.subscribe((event) => events.push(event));
  });
  afterEach(() => dataSource.destroy());

  it('checks locks before passwords, and a password only when the room has one', async () => {
    const open = await rooms.create(owner.id, { name: 'open', capacity: 5 });
    expect(await rooms.admit(open.id, 'anything')).toEqual({ ok: true, room: { id: open.id, capacity: 5 } });
    const guarded = await rooms.create(owner.id, { name: 'guarded', password: 'pw' });
    expect(await rooms.admit(guarded.id, '')).toEqual({ ok: false, code: 'room-password' });
    await rooms.update(guarded.id, owner, { locked: true });
    expect(await rooms.admit(guarded.id, 'pw')).toEqual({ ok: false, code: 'room-locked' });
    expect(await rooms.admit('not-a-uuid', undefined)).toEqual({ ok: false, code: 'room-not-found' });
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
