import { DataSource, Repository } from 'typeorm';
import { ENTITIES, MIGRATIONS } from '../../database/database.module';
import { User } from '../users/user.entity';
import { Room } from './room.entity';
import { RoomBan } from './room-ban.entity';
import { RoomBansService } from './room-bans.service';

describe('RoomBansService', () => {
  let dataSource: DataSource;
  let bans: RoomBansService;
  let users: Repository<User>;
  let rooms: Repository<Room>;
  let owner: User;
  let visitor: User;
  let room: Room;
  const newUser = (username: string) =>
    users.save({ username, displayName: username.toUpperCase(), passwordHash: 'x', role: 'user' });

  beforeEach(async () => {
    dataSource = new DataSource({ type: 'sqlite', database: ':memory:', entities: ENTITIES, migrations: MIGRATIONS });
    await dataSource.initialize();
    await dataSource.runMigrations();
    users = dataSource.getRepository(User);
    rooms = dataSource.getRepository(Room);
    bans = new RoomBansService(dataSource.getRepository(RoomBan));
    owner = await newUser('owner');
    visitor = await newUser('visitor');
    room = await rooms.save({ name: 'r', capacity: 4, ownerId: owner.id, passwordHash: null });
  });
  afterEach(() => dataSource.destroy());

  it('bars an account from one room only, and lists it with its display name and who barred it', async () => {
    const other = await rooms.save({ name: 'other', capacity: 4, ownerId: owner.id, passwordHash: null });
    await bans.bar(room.id, visitor.id, owner.id);
    expect(await bans.isBarred(room.id, visitor.id)).toBe(true);
    expect(await bans.isBarred(other.id, visitor.id)).toBe(false);
    expect(await bans.isBarred(room.id, owner.id)).toBe(false);
    expect(await bans.list(room.id)).toEqual([
      {
        roomId: room.id,
        userId: visitor.id,
        displayName: 'VISITOR',
        bannedBy: owner.id,
        createdAt: expect.any(String),
      },
    ]);
    expect(await bans.list(other.id)).toEqual([]);
  });

  it('keeps the first bar when the same account is barred again', async () => {
    const admin = await newUser('admin');
    await bans.bar(room.id, visitor.id, owner.id);
    const [first] = await bans.list(room.id);
    await bans.bar(room.id, visitor.id, admin.id);
    expect(await bans.list(room.id)).toEqual([first]);
  });

  it('lifts a bar once, then answers ban-not-found', async () => {
    await bans.bar(room.id, visitor.id, owner.id);
    await bans.lift(room.id, visitor.id.toUpperCase());
    expect(await bans.isBarred(room.id, visitor.id)).toBe(false);
    await expect(bans.lift(room.id, visitor.id)).rejects.toMatchObject({
      status: 404,
      response: { code: 'ban-not-found' },
    });
    await expect(bans.lift(room.id, 'not-a-uuid')).rejects.toMatchObject({ response: { code: 'ban-not-found' } });
    expect(await bans.isBarred('not-a-uuid', visitor.id)).toBe(false);
    expect(await bans.list('not-a-uuid')).toEqual([]);
  });

  it('drops the bars of a deleted room and of a deleted account, but not of a deleted barrer', async () => {
    const admin = await newUser('admin');
    const third = await newUser('third');
    await bans.bar(room.id, visitor.id, admin.id);
    await bans.bar(room.id, third.id, owner.id);
    await users.delete({ id: admin.id });
    await users.delete({ id: third.id });
    expect((await bans.list(room.id)).map((ban) => [ban.userId, ban.bannedBy])).toEqual([[visitor.id, admin.id]]);

    await rooms.delete({ id: room.id });
    expect(await dataSource.getRepository(RoomBan).count()).toBe(0);
  });
});
