import { UsersService } from '../src/app/users/users.service';
import { createRoom, logIn, signUp, startTestApp, TestApp } from './support/test-app';
import { WsClient } from './support/ws-client';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('administration (e2e)', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp({
      ADMIN_USERNAME: 'root',
      ADMIN_PASSWORD: 'root-password',
      SIGNALING_RESUME_WINDOW_MS: '0',
    });
    admin = await logIn(t, 'root', 'root-password');
  });
  afterAll(() => t.close());

  it('refuses non-administrators with 403 forbidden on every admin route, and anonymous callers with 401', async () => {
    const { token } = await signUp(t);
    const routes: Array<[method: 'get' | 'patch' | 'delete', path: string]> = [
      ['get', '/api/admin/users'],
      ['patch', '/api/admin/users/x'],
      ['delete', '/api/admin/users/x'],
      ['get', '/api/admin/rooms'],
      ['delete', '/api/admin/rooms/x'],
      ['delete', '/api/admin/rooms/x/participants/y'],
      ['get', '/api/admin/stats'],
    ];
    for (const [method, path] of routes) {
      const res = await t.http[method](path).set(auth(token)).send({});
      expect([path, res.status, res.body.code]).toEqual([path, 403, 'forbidden']);
      expect((await t.http[method](path)).status).toBe(401);
    }
  });

  it('searches users by part of the username or display name, paginated', async () => {
    await signUp(t, 'Zebra Searchable');
    await signUp(t, 'zebra two');
    await signUp(t, 'Unrelated');
    const res = await t.http.get('/api/admin/users?q=ZEBRA&limit=1').set(auth(admin)).expect(200);
    expect(res.body).toMatchObject({ total: 2, page: 1, limit: 1 });
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).not.toHaveProperty('passwordHash');
    const page2 = await t.http.get('/api/admin/users?q=zebra&limit=1&page=2').set(auth(admin)).expect(200);
    expect(page2.body.items[0].displayName).not.toBe(res.body.items[0].displayName);
    const none = await t.http.get('/api/admin/users?q=%25').set(auth(admin)).expect(200);
    expect(none.body.total).toBe(0);
    const nul = await t.http.get('/api/admin/users?q=ab%00c').set(auth(admin)).expect(400);
    expect(nul.body).toMatchObject({ code: 'validation-failed', message: ['q must not contain NUL characters'] });
  });

  it('disables a user: login is refused with account-disabled, tokens stop working, sockets are told', async () => {
    const user = await signUp(t);
    const events: unknown[] = [];
    const subscription = t.app.get(UsersService).events$.subscribe((event) => events.push(event));
    const res = await t.http.patch(`/api/admin/users/${user.userId}`).set(auth(admin)).send({ disabled: true });
    subscription.unsubscribe();
    expect(res.status).toBe(200);
    expect(res.body.disabled).toBe(true);
    expect(events).toEqual([{ type: 'disabled', userId: user.userId }]);

    const login = await t.http
      .post('/api/auth/login')
      .send({ username: user.username, password: 'correct horse battery' })
      .expect(403);
    expect(login.body.code).toBe('account-disabled');
    const wrongPassword = await t.http.post('/api/auth/login').send({ username: user.username, password: 'nope' });
    expect(wrongPassword.body.code).toBe('invalid-credentials');
    await t.http.get('/api/auth/me').set(auth(user.token)).expect(401);

    await t.http.patch(`/api/admin/users/${user.userId}`).set(auth(admin)).send({ disabled: false }).expect(200);
    await t.http
      .post('/api/auth/login')
      .send({ username: user.username, password: 'correct horse battery' })
      .expect(200);
    await t.http.get('/api/auth/me').set(auth(user.token)).expect(401);
  });

  it('promotes a user to administrator, effective on their existing token', async () => {
    const user = await signUp(t);
    await t.http.get('/api/admin/stats').set(auth(user.token)).expect(403);
    await t.http.patch(`/api/admin/users/${user.userId}`).set(auth(admin)).send({ role: 'admin' }).expect(200);
    await t.http.get('/api/admin/stats').set(auth(user.token)).expect(200);
    await t.http.patch(`/api/admin/users/${user.userId}`).set(auth(admin)).send({ role: 'user' }).expect(200);
  });

  it('validates changes and answers 404 user-not-found for unknown users', async () => {
    const user = await signUp(t);
    const bad = await t.http
      .patch(`/api/admin/users/${user.userId}`)
      .set(auth(admin))
      .send({ role: 'root' })
      .expect(400);
    expect(bad.body.message).toEqual(['role must be "user" or "admin"']);
    for (const body of [{ role: null }, { disabled: null }]) {
      const res = await t.http.patch(`/api/admin/users/${user.userId}`).set(auth(admin)).send(body).expect(400);
      expect(res.body.code).toBe('validation-failed');
    }
    for (const res of [
      await t.http.patch('/api/admin/users/00000000-0000-4000-8000-000000000000').set(auth(admin)).send({}),
      await t.http.delete('/api/admin/users/00000000-0000-4000-8000-000000000000').set(auth(admin)),
    ]) {
      expect([res.status, res.body.code]).toEqual([404, 'user-not-found']);
    }
  });

  it('never leaves the installation without an enabled administrator', async () => {
    const me = (await t.http.get('/api/auth/me').set(auth(admin)).expect(200)).body.id;
    for (const res of [
      await t.http.patch(`/api/admin/users/${me}`).set(auth(admin)).send({ role: 'user' }),
      await t.http.patch(`/api/admin/users/${me}`).set(auth(admin)).send({ disabled: true }),
      await t.http.delete(`/api/admin/users/${me}`).set(auth(admin)),
    ]) {
      expect([res.status, res.body.code]).toEqual([409, 'last-admin']);
    }
  });

  it('deletes a user with their rooms; their token stops working', async () => {
    const user = await signUp(t);
    const roomId = await createRoom(t, user.token);
    const events: unknown[] = [];
    const subscription = t.app.get(UsersService).events$.subscribe((event) => events.push(event));
    await t.http.delete(`/api/admin/users/${user.userId}`).set(auth(admin)).expect(204);
    subscription.unsubscribe();
    expect(events).toEqual([{ type: 'deleted', userId: user.userId }]);
    await t.http.get('/api/auth/me').set(auth(user.token)).expect(401);
    await t.http.get(`/api/rooms/${roomId}`).set(auth(admin)).expect(404);
  });

  it('lists every room with who is in its call, deletes any room, and kicks a participant', async () => {
    const user = await signUp(t, 'Caller');
    const roomId = await createRoom(t, user.token, { name: 'private call' });
    const client = await WsClient.connect(t.wsUrl, user.token);
    try {
      client.send('join', { roomId });
      const joined = await client.next('resp-join');
      const list = await t.http.get('/api/admin/rooms?limit=100').set(auth(admin)).expect(200);
      const room = list.body.items.find((r: { id: string }) => r.id === roomId);
      expect(room).toMatchObject({ name: 'private call', participants: 1 });
      expect(room.peers).toEqual([expect.objectContaining({ peerId: joined.selfId, userId: user.userId })]);

      const stats = await t.http.get('/api/admin/stats').set(auth(admin)).expect(200);
      expect(stats.body).toEqual({
        sockets: 1,
        rooms: 1,
        participants: 1,
        relayedPerMinute: expect.any(Number),
        uptimeSeconds: expect.any(Number),
        users: expect.any(Number),
        storedRooms: expect.any(Number),
      });

      const unknown = await t.http
        .delete(`/api/admin/rooms/${roomId}/participants/not-a-peer`)
        .set(auth(admin))
        .expect(404);
      expect(unknown.body.code).toBe('peer-not-found');
      await t.http.delete(`/api/admin/rooms/${roomId}/participants/${joined.selfId}`).set(auth(admin)).expect(204);
      const after = await t.http.get(`/api/rooms/${roomId}`).set(auth(admin)).expect(200);
      expect(after.body.participants).toBe(0);
    } finally {
      client.close();
    }

    await t.http.delete(`/api/admin/rooms/${roomId}`).set(auth(admin)).expect(204);
    await t.http.get(`/api/rooms/${roomId}`).set(auth(admin)).expect(404);
    const again = await t.http.delete(`/api/admin/rooms/${roomId}`).set(auth(admin)).expect(404);
    expect(again.body.code).toBe('room-not-found');
  });
});
