import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Invite } from '../src/app/invites/invite.entity';
import { createRoom, logIn, signUp, startTestApp, TestApp } from './support/test-app';
import { useWsClients, WsClient } from './support/ws-client';

const ADMIN = { ADMIN_USERNAME: 'keeper', ADMIN_PASSWORD: 'keeper-password' };
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

interface Account {
  token: string;
  userId: string;
}

describe('invite links and guests (e2e)', () => {
  let t: TestApp;
  let owner: Account;
  let member: Account;
  let adminToken: string;
  const connect = useWsClients(() => t.wsUrl);

  const invite = async (roomId: string, body: object = {}, token = owner.token) =>
    (await t.http.post(`/api/rooms/${roomId}/invites`).set(auth(token)).send(body).expect(201)).body as {
      id: string;
      secret: string;
      uses: number;
    };
  const redeem = (secret: string, displayName = 'Gale') =>
    t.http.post('/api/invites/redeem').send({ secret, displayName });
  const guestOf = async (secret: string, displayName = 'Gale') => {
    const res = await redeem(secret, displayName).expect(200);
    return res.body as { accessToken: string; guest: { id: string; roomId: string; roomName: string } };
  };
  const seated = async (token: string, roomId: string) => {
    const client = await connect(token);
    client.send('join', { roomId });
    return { client, join: await client.next('resp-join') };
  };

  beforeAll(async () => {
    t = await startTestApp({ ...ADMIN, WAITING_ROOM_MAX_PER_ROOM: '2' });
    adminToken = await logIn(t, ADMIN.ADMIN_USERNAME, ADMIN.ADMIN_PASSWORD);
    owner = await signUp(t, 'Olive');
    member = await signUp(t, 'Mona');
  });
  afterAll(() => t.close());

  it('creates links for the owner only, lists them without secrets and stores only the SHA-256 of the secret', async () => {
    const roomId = await createRoom(t, owner.token, { name: 'Book club' });
    const created = await invite(roomId, { maxUses: 3, expiresInSeconds: 3600 });
    expect(created.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ roomId, uses: 0, maxUses: 3, expiresAt: expect.any(String) });
    await t.http.post(`/api/rooms/${roomId}/invites`).set(auth(member.token)).send({}).expect(403);
    await invite(roomId, {}, adminToken);

    const list = await t.http.get(`/api/rooms/${roomId}/invites`).set(auth(owner.token)).expect(200);
    expect(list.body).toHaveLength(2);
    expect(JSON.stringify(list.body)).not.toContain(created.secret);
    await t.http.get(`/api/rooms/${roomId}/invites`).set(auth(member.token)).expect(403);

    const rows = await t.app.get(DataSource).query('SELECT "secretHash" FROM invite');
    const hashes = (rows as Array<{ secretHash: string }>).map((row) => row.secretHash);
    expect(hashes).toContain(createHash('sha256').update(created.secret).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(created.secret);
    expect(t.logs.text).not.toContain(created.secret);

    const session = await guestOf(created.secret);
    expect(session.guest).toMatchObject({ roomId, roomName: 'Book club', displayName: 'Gale' });
    expect(t.logs.text).not.toContain(created.secret);
  });

  it('takes null for an expiry or a number of uses as none: the link lasts until revoked', async () => {
    const roomId = await createRoom(t, owner.token);
    const open = await invite(roomId, { expiresInSeconds: null, maxUses: null });
    await guestOf(open.secret);
    await guestOf(open.secret);
  });

  it('refuses expired, used-up and revoked links alike, and a revoked link ends its guests', async () => {
    const roomId = await createRoom(t, owner.token);
    const once = await invite(roomId, { maxUses: 1 });
    const guest = await guestOf(once.secret);
    expect((await redeem(once.secret).expect(404)).body.code).toBe('invite-invalid');
    const listed = await t.http.get(`/api/rooms/${roomId}/invites`).set(auth(owner.token)).expect(200);
    expect(listed.body[0]).toMatchObject({ id: once.id, uses: 1, maxUses: 1 });

    const parallel = await invite(roomId, { maxUses: 2 });
    const answers = await Promise.all([1, 2, 3, 4].map(() => redeem(parallel.secret)));
    expect(answers.map((res) => res.status).sort()).toEqual([200, 200, 404, 404]);

    const expiring = await invite(roomId, { expiresInSeconds: 60 });
    const early = await guestOf(expiring.secret);
    await t.app
      .get(DataSource)
      .getRepository(Invite)
      .update(expiring.id, { expiresAt: new Date(Date.now() - 1000) });
    expect((await redeem(expiring.secret).expect(404)).body.code).toBe('invite-invalid');
    await t.http.post('/api/signaling/ticket').set(auth(early.accessToken)).expect(401);

    await t.http.post('/api/signaling/ticket').set(auth(guest.accessToken)).expect(201);
    await t.http.delete(`/api/rooms/${roomId}/invites/${once.id}`).set(auth(member.token)).expect(403);
    await t.http.delete(`/api/rooms/${roomId}/invites/${once.id}`).set(auth(owner.token)).expect(204);
    await t.http.delete(`/api/rooms/${roomId}/invites/${once.id}`).set(auth(owner.token)).expect(404);
    await t.http.post('/api/signaling/ticket').set(auth(guest.accessToken)).expect(401);
    expect(await WsClient.refusal(t.wsUrl, `token=${guest.accessToken}`)).toBe(401);
  });

  it("keeps a guest token to its own room's call: no rooms, no admin, no TURN route, no other room", async () => {
    const roomId = await createRoom(t, owner.token);
    const otherRoom = await createRoom(t, owner.token);
    const { accessToken } = await guestOf((await invite(roomId)).secret);
    const guest = auth(accessToken);
    const refused = [
      t.http.post('/api/rooms').set(guest).send({ name: 'Mine' }),
      t.http.get('/api/rooms').set(guest),
      t.http.get(`/api/rooms/${roomId}`).set(guest),
      t.http.post(`/api/rooms/${roomId}/invites`).set(guest).send({}),
      t.http.get('/api/admin/users').set(guest),
      t.http.get('/api/admin/stats').set(guest),
      t.http.get('/api/turn/credentials').set(guest),
      t.http.get('/api/auth/me').set(guest),
      t.http.post('/api/auth/logout-all').set(guest),
    ];
    for (const res of await Promise.all(refused)) {
      expect([res.status, res.body.code]).toEqual([403, 'guest-not-allowed']);
    }
    const ticket = await t.http.post('/api/signaling/ticket').set(guest).expect(201);
    const socket = await WsClient.connect(`${t.wsUrl}?ticket=${ticket.body.ticket}`);
    try {
      socket.send('join', { roomId: otherRoom });
      expect((await socket.next('error')).code).toBe('room-not-found');
    } finally {
      await socket.closeAndWait();
    }
    // An account token is no guest token, nor the other way round: a forged role claim goes nowhere.
    const [header, payload, signature] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin', typ: undefined })).toString('base64url');
    await t.http
      .get('/api/admin/users')
      .set(auth(`${header}.${forged}.${signature}`))
      .expect(401);
  });

  it('a waiting guest receives nothing of the room until the owner admits it, then both see each other', async () => {
    const roomId = await createRoom(t, owner.token);
    const { client: host, join: hostJoin } = await seated(owner.token, roomId);
    const { client: other } = await seated(member.token, roomId);
    await host.next('new-peer');
    const { accessToken, guest: me } = await guestOf((await invite(roomId)).secret, 'Gus');

    const guest = await connect(accessToken);
    guest.send('join', { roomId });
    const waiting = await guest.next('waiting');
    expect(waiting).toEqual({ roomId, requestId: expect.any(String), timeoutMs: 300000 });
    expect(await host.next('knock')).toEqual({ requestId: waiting.requestId, displayName: 'Gus', guest: true });
    expect(await other.staysQuiet()).toBe(true);

    other.send('chat', { text: 'not for the guest' });
    other.send('mute', { audio: false, video: true });
    host.send('offer', { to: 'nobody', sdp: { type: 'offer', sdp: 'v=0\r\n' } });
    const seen = [await host.nextRaw(), await host.nextRaw(), await host.nextRaw()].map((frame) => frame['event']);
    expect(seen.sort()).toEqual(['chat', 'error', 'peer-updated']);
    await other.next('chat');
    guest.send('chat', { text: 'let me in' });
    expect((await guest.next('error')).code).toBe('not-in-room');
    guest.send('offer', { to: hostJoin.selfId, sdp: { type: 'offer', sdp: 'v=0\r\n' } });
    expect((await guest.next('error')).code).toBe('not-in-room');
    expect(await guest.staysQuiet(500)).toBe(true);
    expect(await host.staysQuiet()).toBe(true);

    other.send('admit', { requestId: waiting.requestId });
    expect((await other.next('error')).code).toBe('not-host');
    host.send('admit', { requestId: waiting.requestId });
    const welcome = await guest.next('resp-join');
    expect(welcome.peers.map((peer) => peer.displayName).sort()).toEqual(['Mona', 'Olive']);
    expect(await host.next('knock-withdrawn')).toEqual({ requestId: waiting.requestId });
    expect((await host.next('new-peer')).peer).toMatchObject({ userId: me.id, displayName: 'Gus', guest: true });
    expect((await other.next('new-peer')).peer.guest).toBe(true);
    host.send('admit', { requestId: waiting.requestId });
    expect((await host.next('error')).code).toBe('knock-not-found');

    const lobby = await t.http.get(`/api/rooms/${roomId}/participants`).set(auth(member.token)).expect(200);
    expect(lobby.body).toEqual(
      expect.arrayContaining([
        { displayName: 'Gus', guest: true },
        { displayName: 'Olive', guest: false },
      ]),
    );
    await t.http.get(`/api/rooms/${roomId}/participants`).set(auth(accessToken)).expect(403);
    await t.http.patch(`/api/rooms/${roomId}`).set(auth(owner.token)).send({ password: 'secret words' }).expect(200);
    await t.http.get(`/api/rooms/${roomId}/participants`).set(auth(member.token)).expect(403);
    await t.http.get(`/api/rooms/${roomId}/participants`).set(auth(owner.token)).expect(200);
  });

  it('the owner denies a guest, who is told so; an owner joining later sees who already waits', async () => {
    const roomId = await createRoom(t, owner.token);
    const { accessToken } = await guestOf((await invite(roomId)).secret, 'Dee');
    const guest = await connect(accessToken);
    guest.send('join', { roomId });
    const waiting = await guest.next('waiting');

    const { client: host } = await seated(owner.token, roomId);
    expect(await host.next('knock')).toMatchObject({ requestId: waiting.requestId, displayName: 'Dee' });
    host.send('deny', { requestId: waiting.requestId });
    expect(await guest.next('denied')).toEqual({ roomId, reason: 'denied' });
    expect(await host.next('knock-withdrawn')).toEqual({ requestId: waiting.requestId });
    expect(await guest.staysQuiet()).toBe(true);
  });

  it('a moderator chosen by the owner admits people; taking the role back stops it', async () => {
    const roomId = await createRoom(t, owner.token);
    const moderatorsUrl = `/api/rooms/${roomId}/moderators/${member.userId}`;
    await t.http.put(moderatorsUrl).set(auth(member.token)).expect(403);
    await t.http.put(moderatorsUrl).set(auth(owner.token)).expect(204);
    const { accessToken, guest } = await guestOf((await invite(roomId)).secret, 'Moe');
    await t.http.put(`/api/rooms/${roomId}/moderators/${guest.id}`).set(auth(owner.token)).expect(404);
    const listed = await t.http.get(`/api/rooms/${roomId}/moderators`).set(auth(owner.token)).expect(200);
    expect(listed.body).toEqual([member.userId]);

    const { client: moderator } = await seated(member.token, roomId);
    const waiter = await connect(accessToken);
    waiter.send('join', { roomId });
    const { requestId } = await waiter.next('waiting');
    expect(await moderator.next('knock')).toMatchObject({ requestId, displayName: 'Moe' });
    moderator.send('admit', { requestId });
    await waiter.next('resp-join');

    await t.http.delete(moderatorsUrl).set(auth(owner.token)).expect(204);
    const next = await connect((await guestOf((await invite(roomId)).secret, 'Nia')).accessToken);
    next.send('join', { roomId });
    const late = await next.next('waiting');
    await moderator.next('knock-withdrawn');
    await moderator.next('new-peer');
    expect(await moderator.staysQuiet()).toBe(true);
    moderator.send('admit', { requestId: late.requestId });
    expect((await moderator.next('error')).code).toBe('not-host');
  });

  it('members wait too when the room says so; the queue is bounded; leaving withdraws the knock', async () => {
    const roomId = await createRoom(t, owner.token, { name: 'Strict', membersWait: true });
    const { client: host } = await seated(owner.token, roomId);
    const waiter = await connect(member.token);
    waiter.send('join', { roomId });
    const knock = await waiter.next('waiting');
    expect(await host.next('knock')).toMatchObject({ displayName: 'Mona', guest: false });
    const { secret } = await invite(roomId);
    const second = await connect((await guestOf(secret)).accessToken);
    second.send('join', { roomId });
    await second.next('waiting');
    await host.next('knock');
    const third = await connect((await guestOf(secret)).accessToken);
    third.send('join', { roomId });
    expect((await third.next('error')).code).toBe('waiting-room-full');

    waiter.send('leave', {});
    expect(await host.next('knock-withdrawn')).toEqual({ requestId: knock.requestId });
    third.send('join', { roomId });
    await third.next('waiting');
  });

  it("revoking a link and deleting the room close their guests' sockets and free their seats", async () => {
    const roomId = await createRoom(t, owner.token);
    const link = await invite(roomId);
    const { client: host } = await seated(owner.token, roomId);
    const admitted = await connect((await guestOf(link.secret, 'In')).accessToken);
    admitted.send('join', { roomId });
    host.send('admit', { requestId: (await admitted.next('waiting')).requestId });
    await admitted.next('resp-join');
    await host.next('knock');
    await host.next('knock-withdrawn');
    const guestPeer = (await host.next('new-peer')).peer;
    const waiting = await connect((await guestOf(link.secret, 'Out')).accessToken);
    waiting.send('join', { roomId });
    await waiting.next('waiting');
    await host.next('knock');

    await t.http.delete(`/api/rooms/${roomId}/invites/${link.id}`).set(auth(owner.token)).expect(204);
    expect(await admitted.closedWithin(2000)).toEqual({ code: 4401, reason: 'invite revoked' });
    expect(await waiting.closedWithin(2000)).toEqual({ code: 4401, reason: 'invite revoked' });
    const told = [await host.next('peer-leave'), await host.next('knock-withdrawn')];
    expect(told[0]).toEqual({ peerId: guestPeer.peerId });

    const other = await invite(roomId);
    const survivor = await connect((await guestOf(other.secret)).accessToken);
    await survivor.registered();
    await t.http.delete(`/api/rooms/${roomId}`).set(auth(owner.token)).expect(204);
    expect(await survivor.closedWithin(2000)).toEqual({ code: 4401, reason: 'room deleted' });
  });

  it('the owner can remove an admitted guest from the call (there is no account to bar)', async () => {
    const roomId = await createRoom(t, owner.token);
    const { client: host } = await seated(owner.token, roomId);
    const guest = await connect((await guestOf((await invite(roomId)).secret, 'Kit')).accessToken);
    guest.send('join', { roomId });
    host.send('admit', { requestId: (await guest.next('waiting')).requestId });
    const { selfId } = await guest.next('resp-join');
    await t.http.delete(`/api/rooms/${roomId}/participants/${selfId}`).set(auth(owner.token)).expect(204);
    expect(await guest.next('kicked')).toEqual({ reason: 'removed by the room owner' });
  });
});
