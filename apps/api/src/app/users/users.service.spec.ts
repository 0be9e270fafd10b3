import { DataSource } from 'typeorm';
import { ENTITIES, MIGRATIONS } from '../../database/database.module';
import { User } from './user.entity';
import { UserEvent, UsersService } from './users.service';

describe('UsersService', () => {
  let dataSource: DataSource;
  let users: UsersService;
  let events: UserEvent[];

  beforeEach(async () => {
    dataSource = new DataSource({ type: 'sqlite', database: ':memory:', entities: ENTITIES, migrations: MIGRATIONS });
    await dataSource.initialize();
    await dataSource.runMigrations();
    users = new UsersService(dataSource.getRepository(User));
    events = [];
    users.events$.subscribe((event) => events.push(event));
  });
  afterEach(() => dataSource.destroy());

  const create = (username: string, role: 'user' | 'admin' = 'user') =>
    users.create({ username, displayName: username, passwordHash: 'x', role });

  it('disabling revokes tokens and announces it once; re-enabling does not restore old tokens', async () => {
    const user = await create('bob');
    const disabled = await users.update(user.id, { disabled: true });
    expect(disabled.tokenVersion).toBe(1);
    await users.update(user.id, { disabled: true });
    await users.update(user.id, { disabled: false });
    expect((await users.findById(user.id))?.tokenVersion).toBe(1);
    expect(events).toEqual([{ type: 'disabled', userId: user.id }]);
  });

  it('a new password fulfils a required change and revokes tokens', async () => {
    const admin = await users.create({
      username: 'admin',
      displayName: 'Administrator',
      passwordHash: 'x',
      role: 'admin',
      mustChangePassword: true,
    });
    expect((await users.findById(admin.id))?.mustChangePassword).toBe(true);
    const changed = await users.setPassword(admin, 'y');
    expect(changed).toMatchObject({ mustChangePassword: false, tokenVersion: 1 });
    expect((await users.findById(admin.id))?.mustChangePassword).toBe(false);
  });

  it('refuses to demote, disable or delete the last enabled administrator', async () => {
    const root = await create('root', 'admin');
    await expect(users.update(root.id, { role: 'user' })).rejects.toMatchObject({ response: { code: 'last-admin' } });
    await expect(users.update(root.id, { disabled: true })).rejects.toMatchObject({ response: { code: 'last-admin' } });
    await expect(users.remove(root.id)).rejects.toMatchObject({ response: { code: 'last-admin' } });
    const second = await create('second', 'admin');
    await users.remove(root.id);
    expect(events).toEqual([{ type: 'deleted', userId: root.id }]);
    await expect(users.update(second.id, { role: 'user' })).rejects.toMatchObject({ response: { code: 'last-admin' } });
  });

  it('searches names case-insensitively and treats % and _ literally', async () => {
    await create('ann_smith');
    await create('annexe');
    await create('bob');
    expect((await users.search('ANN', 1, 10)).total).toBe(2);
    expect((await users.search('_', 1, 10)).items.map((u) => u.username)).toEqual(['ann_smith']);
    expect((await users.search('%', 1, 10)).total).toBe(0);
    const page = await users.search(undefined, 2, 2);
    expect(page).toMatchObject({ total: 3 });
    expect(page.items).toHaveLength(1);
  });

  it('revokes tokens by bumping the version', async () => {
    const user = await create('carol');
    await users.revokeTokens(user.id);
    await users.revokeTokens(user.id);
    expect((await users.findById(user.id))?.tokenVersion).toBe(2);
  });
});
