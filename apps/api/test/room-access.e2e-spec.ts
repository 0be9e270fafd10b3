import { DataSource } from 'typeorm';
import { RoomsService } from '../src/app/rooms/rooms.service';
import { createRoom, logIn, signUp, startTestApp, TestApp } from './support/test-app';
import { WsClient } from './support/ws-client';

const ADMIN = { ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'root-password' };

const as = (id: string) => ({ id, username: id, displayName: id, role: 'user' as const });
describe('room passwords, locking, listing and deletion (e2e)', () => {
  let t: TestApp;
  let owner: { token: string; userId: string };
  let other: { token: string; userId: string };
  let rooms: RoomsService;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp(ADMIN);
    owner = await signUp(t, 'Owner');
    other = await signUp(t, 'Other');
    rooms = t.app.get(RoomsService);
  });
  afterAll(() => t.close());

  it('hashes a room password, never returns it, and says hasPassword', async () => {
    const res = await t.http
      .post('/api/rooms')
      .set(auth(owner.token))
      .send({ name: 'Secret', password: 'open sesame' })
      .expect(201);
    expect(res.body.hasPassword).toBe(true);
    expect(JSON.stringify(res.body)).not.toContain('open sesame');
    expect(res.body).not.toHaveProperty('passwordHash');
    const fetched = await t.http.get(`/api/rooms/${res.body.id}`).set(auth(other.token)).expect(200);
    expect(fetched.body).not.toHaveProperty('passwordHash');
    const row = await t.app
      .get(DataSource)
      .createQueryBuilder()
      .select('room.passwordHash', 'passwordHash')
      .from('room', 'room')
      .where('room.id = :id', { id: res.body.id })
      .getRawOne<{ passwordHash: string }>();
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('admits to a password room only with the right password', async () => {
    const id = await createRoom(t, owner.token, { name: 'Guarded', password: 'open sesame', capacity: 3 });
    expect(await rooms.admit(id, undefined, as(other.userId))).toEqual({ ok: false, code: 'room-password' });
    expect(await rooms.admit(id, 'wrong', as(other.userId))).toEqual({ ok: false, code: 'room-password' });
    expect(await rooms.admit(id, 'open sesame', as(other.userId))).toMatchObject({
      ok: true,
      room: { id, capacity: 3 },
    });
    expect(await rooms.admit('00000000-0000-4000-8000-000000000000', undefined, as(other.userId))).toEqual({
      ok: false,
      code: 'room-not-found',
    });
  });

  it('lets the owner change capacity, lock the room and clear its password', async () => {
    const id = await createRoom(t, owner.token, { name: 'Changing', password: 'first one' });
    const res = await t.http
      .patch(`/api/rooms/${id}`)
      .set(auth(owner.token))
      .send({ capacity: 2, locked: true, name: 'Renamed' })
      .expect(200);
    expect(res.body).toMatchObject({ capacity: 2, locked: true, name: 'Renamed', hasPassword: true });
    expect(await rooms.admit(id, 'first one', as(other.userId))).toEqual({ ok: false, code: 'room-locked' });

    const cleared = await t.http
      .patch(`/api/rooms/${id}`)
      .set(auth(owner.token))
      .send({ password: null, locked: false })
      .expect(200);
    expect(cleared.body).toMatchObject({ hasPassword: false, locked: false });
    expect(await rooms.admit(id, undefined, as(other.userId))).toMatchObject({ ok: true, room: { id, capacity: 2 } });

    await t.http.patch(`/api/rooms/${id}`).set(auth(owner.token)).send({ password: 'new one' }).expect(200);
    expect(await rooms.admit(id, 'new one', as(other.userId))).toMatchObject({ ok: true });
  });

  it('validates room changes and refuses null for fields that cannot be cleared', async () => {
    const id = await createRoom(t, owner.token);
    const res = await t.http
      .patch(`/api/rooms/${id}`)
      .set(auth(owner.token))
      .send({ capacity: 9, name: null, locked: 'yes' })
      .expect(400);
    expect(res.body.message).toEqual(
      expect.arrayContaining(['capacity must be at most 8', 'name must be a string', 'locked must be true or false']),
    );
  });

  it('lets only the owner or an administrator change or delete a room', async () => {
    const id = await createRoom(t, owner.token);
    const patch = await t.http.patch(`/api/rooms/${id}`).set(auth(other.token)).send({ capacity: 3 }).expect(403);
    expect(patch.body.code).toBe('not-room-owner');
    const del = await t.http.delete(`/api/rooms/${id}`).set(auth(other.token)).expect(403);
    expect(del.body.code).toBe('not-room-owner');

    const admin = await logIn(t, 'root', 'root-password');
    await t.http.patch(`/api/rooms/${id}`).set(auth(admin)).send({ capacity: 3 }).expect(200);
    await t.http.delete(`/api/rooms/${id}`).set(auth(owner.token)).expect(204);
    const gone = await t.http.get(`/api/rooms/${id}`).set(auth(owner.token)).expect(404);
    expect(gone.body.code).toBe('room-not-found');
    await t.http.delete(`/api/rooms/${id}`).set(auth(owner.token)).expect(404);
  });

  it('announces updated and deleted rooms on events$', async () => {
    const seen: unknown[] = [];
    const subscription = rooms.events$.subscribe((event) => seen.push(event));
    const id = await createRoom(t, owner.token);
    await t.http.patch(`/api/rooms/${id}`).set(auth(owner.token)).send({ locked: true }).expect(200);
    await t.http.delete(`/api/rooms/${id}`).set(auth(owner.token)).expect(204);
    subscription.unsubscribe();
    expect(seen).toEqual([
      { type: 'updated', roomId: id },
      { type: 'deleted', roomId: id },
    ]);
  });
});

describe('room list (e2e)', () => {
  let t: TestApp;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  beforeAll(async () => {
    // A closed socket frees its seat at once instead of holding it for a resume.
    t = await startTestApp({ SIGNALING_RESUME_WINDOW_MS: '0' });
  });
  afterAll(() => t.close());

  it("lists the caller's rooms and public rooms, paginated in a stable order", async () => {
    const me = await signUp(t);
    const someone = await signUp(t);
    const mine = [];
    for (const name of ['m1', 'm2', 'm3']) mine.push(await createRoom(t, me.token, { name }));
    const theirPublic = await createRoom(t, someone.token, { name: 'their public', isPublic: true });
    await createRoom(t, someone.token, { name: 'their private' });

    const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((r) => r.id);
    const all = await t.http.get('/api/rooms').set(auth(me.token)).expect(200);
    expect(all.body).toMatchObject({ total: 4, page: 1, limit: 20 });
    expect(ids(all).sort()).toEqual([...mine, theirPublic].sort());
    expect(all.body.items.find((r: { id: string }) => r.id === theirPublic)).toMatchObject({
      isPublic: true,
      participants: 0,
    });

    const page1 = await t.http.get('/api/rooms?page=1&limit=3').set(auth(me.token)).expect(200);
    const page2 = await t.http.get('/api/rooms?page=2&limit=3').set(auth(me.token)).expect(200);
    expect(page2.body).toMatchObject({ total: 4, page: 2, limit: 3 });
    expect(ids(page1)).toHaveLength(3);
    expect([...ids(page1), ...ids(page2)]).toEqual(ids(all));

    const theirs = await t.http.get('/api/rooms').set(auth(someone.token)).expect(200);
    expect(theirs.body.total).toBe(2);
  });

  it('refuses page sizes outside 1 to 100', async () => {
    const me = await signUp(t);
    const res = await t.http.get('/api/rooms?limit=101&page=0').set(auth(me.token)).expect(400);
    expect(res.body.message).toEqual(expect.arrayContaining(['limit must be at most 100', 'page must be at least 1']));
  });

  it('counts the people in each call live', async () => {
    const me = await signUp(t);
    const id = await createRoom(t, me.token, { name: 'live' });
    const client = await WsClient.connect(t.wsUrl, me.token);
    try {
      client.send('join', { roomId: id });
      await client.next('resp-join');
      const res = await t.http.get(`/api/rooms/${id}`).set(auth(me.token)).expect(200);
      expect(res.body.participants).toBe(1);
      const list = await t.http.get('/api/rooms').set(auth(me.token)).expect(200);
      expect(list.body.items.find((r: { id: string }) => r.id === id).participants).toBe(1);
    } finally {
      client.close();
    }
  });
});
