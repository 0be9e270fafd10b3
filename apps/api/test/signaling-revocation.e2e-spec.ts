import { createRoom, logIn, signUp, startTestApp, TestApp } from './support/test-app';
import { closeAfterEach, seatTwo, useWsClients, WsClient } from './support/ws-client';

const ADMIN = { username: 'chief', password: 'chief-password-123' };
const PASSWORD = 'correct horse battery';
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

type Call = Awaited<ReturnType<typeof seatTwo>>;

describe('revoked access ends live calls (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let alice: { token: string };
  const connect = useWsClients(() => t.wsUrl);
  const track = closeAfterEach();

  /** Alice and a newly registered user in a new room. */
  const call = async () => {
    const user = await signUp(t, 'Bob');
    const roomId = await createRoom(t, alice.token);
    return { user, roomId, ...(await seatTwo(connect, roomId, alice.token, user.token)) };
  };
  /** The user's socket is closed with `code` within a second, and the room is told at once that its seat is free. */
  const expectCutOff = async ({ a, b, bJoin }: Call, code: number) => {
    expect((await b.closedWithin(1000)).code).toBe(code);
    expect(await a.next('peer-leave', 1000)).toEqual({ peerId: bJoin.selfId });
  };
  /** A socket of `token` that can join `roomId`. */
  const joins = async (token: string, roomId: string) => {
    const c = await connect(token);
    c.send('join', { roomId });
    return c.next('resp-join');
  };
  const stats = async () => (await t.http.get('/api/admin/stats').set(auth(admin)).expect(200)).body;
  /** The stats once the server has seen the sockets of earlier tests close (it may hear it after the client). */
  const statsWithNoSocket = async () => {
    for (let tries = 0; tries < 50; tries++) {
      const now = await stats();
      if (now.sockets === 0) return now;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('sockets of earlier tests are still open');
  };

  beforeAll(async () => {
    t = await startTestApp({
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      // Longer than this file runs: seats left by earlier tests stay put while the stats are compared.
      SIGNALING_RESUME_WINDOW_MS: '120000',
    });
    admin = await logIn(t, ADMIN.username, ADMIN.password);
    alice = await signUp(t, 'Alice');
  });
  afterAll(() => t.close());

  it('logout-all closes every socket of the account with 4401 and frees its seat; the old token is refused', async () => {
    const bob = await call();
    const idle = await (await connect(bob.user.token)).registered();
    await t.http.post('/api/auth/logout-all').set(auth(bob.user.token)).expect(204);
    await expectCutOff(bob, 4401);
    expect((await idle.closedWithin(1000)).code).toBe(4401);
    expect(await WsClient.refusal(t.wsUrl, `token=${bob.user.token}`)).toBe(401);
  });

  it('a new password closes the sockets with 4401; the token it returns opens a new one', async () => {
    const bob = await call();
    const changed = await t.http
      .post('/api/auth/password')
      .set(auth(bob.user.token))
      .send({ currentPassword: PASSWORD, newPassword: 'a brand new password' })
      .expect(200);
    await expectCutOff(bob, 4401);
    expect(await WsClient.refusal(t.wsUrl, `token=${bob.user.token}`)).toBe(401);
    expect(await joins(changed.body.accessToken, bob.roomId)).toMatchObject({ roomId: bob.roomId, resumed: false });
  });

  it('a new role makes the sockets authenticate again (4401); the same token still works', async () => {
    const bob = await call();
    await t.http.patch(`/api/admin/users/${bob.user.userId}`).set(auth(admin)).send({ role: 'admin' }).expect(200);
    await expectCutOff(bob, 4401);
    expect(await joins(bob.user.token, bob.roomId)).toMatchObject({ roomId: bob.roomId });
    expect((await bob.a.next('new-peer')).peer.userId).toBe(bob.user.userId);
  });

  it('deleting the account closes the sockets with 4403 and frees the seat; the old token is refused', async () => {
    const bob = await call();
    await t.http.delete(`/api/admin/users/${bob.user.userId}`).set(auth(admin)).expect(204);
    await expectCutOff(bob, 4403);
    expect(await WsClient.refusal(t.wsUrl, `token=${bob.user.token}`)).toBe(401);
  });

  it('frees a seat held for a resume as soon as the account is revoked; its resume token no longer resumes', async () => {
    const { a, b, bJoin, user, roomId } = await call();
    await b.closeAndWait();
    expect((await a.next('peer-updated')).peer).toMatchObject({ peerId: bJoin.selfId, reconnecting: true });

    await t.http.post('/api/auth/logout-all').set(auth(user.token)).expect(204);
    expect(await a.next('peer-leave', 1000)).toEqual({ peerId: bJoin.selfId });

    const token = await logIn(t, user.username, PASSWORD);
    const again = await connect(token);
    again.send('join', { roomId, resumeToken: bJoin.resumeToken });
    const fresh = await again.next('resp-join');
    expect(fresh.resumed).toBe(false);
    expect(fresh.selfId).not.toBe(bJoin.selfId);
  });

  it('the admin stats count the sockets and participants before and after', async () => {
    const before = await statsWithNoSocket();
    const bob = await call();
    const idle = await (await connect(bob.user.token)).registered();
    expect(await stats()).toMatchObject({
      sockets: 3,
      participants: before.participants + 2,
      rooms: before.rooms + 1,
    });

    await t.http.delete(`/api/admin/users/${bob.user.userId}`).set(auth(admin)).expect(204);
    await expectCutOff(bob, 4403);
    await idle.closedWithin(1000);
    expect(await stats()).toMatchObject({
      sockets: 1,
      participants: before.participants + 1,
      rooms: before.rooms + 1,
    });
  });

  describe('signaling tickets', () => {
    const issue = async (token: string) =>
      (await t.http.post('/api/signaling/ticket').set(auth(token)).expect(201)).body as { ticket: string };
    const withTicket = (url: string, ticket: string) => `${url}?ticket=${encodeURIComponent(ticket)}`;

    it('a ticket is good for 30 s and opens one socket, which can join; the second use is refused', async () => {
      const res = await t.http.post('/api/signaling/ticket').set(auth(alice.token)).expect(201);
      expect(res.body).toEqual({ ticket: expect.any(String), expiresInSeconds: 30 });
      const roomId = await createRoom(t, alice.token);
      const socket = track(await WsClient.connect(withTicket(t.wsUrl, res.body.ticket)));
      socket.send('join', { roomId });
      expect((await socket.next('resp-join')).roomId).toBe(roomId);
      expect(await WsClient.refusal(t.wsUrl, `ticket=${encodeURIComponent(res.body.ticket)}`)).toBe(401);
    });

    it('a ticket issued before logout-all is refused', async () => {
      const bob = await signUp(t, 'Bob');
      const { ticket } = await issue(bob.token);
      await t.http.post('/api/auth/logout-all').set(auth(bob.token)).expect(204);
      expect(await WsClient.refusal(t.wsUrl, `ticket=${encodeURIComponent(ticket)}`)).toBe(401);
    });

    it('there is no ticket without a bearer token', async () => {
      const res = await t.http.post('/api/signaling/ticket').expect(401);
      expect(res.body).toMatchObject({ code: 'unauthorized', message: expect.any(String) });
    });

    it('a ticket opens /ws/compat too', async () => {
      const roomId = await createRoom(t, alice.token);
      const host = await connect(alice.token);
      host.send('join', { roomId });
      const { selfId } = await host.next('resp-join');
      const bob = await signUp(t, 'Bob');
      const { ticket } = await issue(bob.token);
      const compat = track(await WsClient.connect(withTicket(t.wsUrl.replace('/ws', '/ws/compat'), ticket)));
      compat.sendCompat({ cmd: 'join', roomId, uid: 'local' });
      expect(await compat.nextRaw()).toEqual({ cmd: 'resp-join', remoteUid: selfId });
      expect((await host.next('new-peer')).peer.userId).toBe(bob.userId);
    });
  });
});
