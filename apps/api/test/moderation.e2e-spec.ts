import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { RoomBan } from '../src/app/rooms/room-ban.entity';
import { createRoom, logIn, signUp, startTestApp, TestApp } from './support/test-app';
import { seatTwo, useWsClients, WsClient } from './support/ws-client';

const ADMIN = { username: 'moderator', password: 'moderator-password' };
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

interface Account {
  token: string;
  userId: string;
}

/** Frames up to and including the first `event`, whatever came before it. */
async function framesUntil(client: WsClient, event: string): Promise<Array<{ event: string; data: unknown }>> {
  const frames: Array<{ event: string; data: unknown }> = [];
  for (;;) {
    const frame = (await client.nextRaw()) as { event: string; data: unknown };
    frames.push(frame);
    if (frame.event === event) return frames;
  }
}

describe('moderation (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let alice: Account;
  let bob: Account;
  let carol: Account;
  const connect = useWsClients(() => t.wsUrl);
  /** Alice's room with Alice (a) and Bob (b) in its call. */
  const aliceAndBob = async () => {
    const roomId = await createRoom(t, alice.token, { name: 'Moderated' });
    return { roomId, ...(await seatTwo(connect, roomId, alice.token, bob.token)) };
  };
  const joinAs = async (token: string, roomId: string) => {
    const client = await connect(token);
    client.send('join', { roomId });
    return client;
  };

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
    const adminToken = await logIn(t, ADMIN.username, ADMIN.password);
    const me = await t.http.get('/api/auth/me').set(auth(adminToken)).expect(200);
    admin = { token: adminToken, userId: me.body.id };
    alice = await signUp(t, 'Alice');
    bob = await signUp(t, 'Bob');
    carol = await signUp(t, 'Carol');
  });
  afterAll(() => t.close());

  it('an admin kick bars the account: kicked, peer-leave, barred on rejoin, listed, and back in once lifted', async () => {
    const { roomId, a, b, bJoin } = await aliceAndBob();
    await t.http.delete(`/api/admin/rooms/${roomId}/participants/${bJoin.selfId}`).set(auth(admin.token)).expect(204);
    expect(await b.next('kicked')).toEqual({ reason: 'removed by an administrator' });
    expect(await a.next('peer-leave')).toEqual({ peerId: bJoin.selfId });

    b.send('join', { roomId });
    expect((await b.next('error')).code).toBe('barred');
    const again = await joinAs(bob.token, roomId);
    expect(await again.next('error')).toEqual({
      code: 'barred',
      message: 'you were removed from this room and may not rejoin',
    });
    expect(await a.staysQuiet()).toBe(true);

    const bans = await t.http.get(`/api/rooms/${roomId}/bans`).set(auth(alice.token)).expect(200);
    expect(bans.body).toEqual([
      { roomId, userId: bob.userId, displayName: 'Bob', bannedBy: admin.userId, createdAt: expect.any(String) },
    ]);
    expect(Math.abs(Date.parse(bans.body[0].createdAt) - Date.now())).toBeLessThan(60_000);

    await t.http.delete(`/api/rooms/${roomId}/bans/${bob.userId}`).set(auth(alice.token)).expect(204);
    b.send('join', { roomId });
    expect((await b.next('resp-join')).peers.map((p) => p.userId)).toEqual([alice.userId]);
    expect((await a.next('new-peer')).peer.userId).toBe(bob.userId);
    const twice = await t.http.delete(`/api/rooms/${roomId}/bans/${bob.userId}`).set(auth(alice.token)).expect(404);
    expect(twice.body.code).toBe('ban-not-found');
    expect((await t.http.get(`/api/rooms/${roomId}/bans`).set(auth(admin.token)).expect(200)).body).toEqual([]);
  });

  it('the owner removes a participant from their own room and an admin lifts the bar', async () => {
    const { roomId, a, b, bJoin } = await aliceAndBob();
    await t.http.delete(`/api/rooms/${roomId}/participants/${bJoin.selfId}`).set(auth(alice.token)).expect(204);
    expect(await b.next('kicked')).toEqual({ reason: 'removed by the room owner' });
    expect(await a.next('peer-leave')).toEqual({ peerId: bJoin.selfId });
    b.send('join', { roomId });
    expect((await b.next('error')).code).toBe('barred');
    expect((await joinAs(bob.token, roomId).then((c) => c.next('error'))).code).toBe('barred');

    const bans = await t.http.get(`/api/rooms/${roomId}/bans`).set(auth(admin.token)).expect(200);
    expect(bans.body).toEqual([expect.objectContaining({ userId: bob.userId, bannedBy: alice.userId })]);

    await t.http.delete(`/api/rooms/${roomId}/bans/${bob.userId}`).set(auth(admin.token)).expect(204);
    b.send('join', { roomId });
    expect((await b.next('resp-join')).roomId).toBe(roomId);
  });

  it('refuses anyone but the owner and admins, unknown peers and removing oneself, and leaves the call as it was', async () => {
    const { roomId, a, b, aJoin, bJoin } = await aliceAndBob();
    const participants = async () =>
      (await t.http.get(`/api/rooms/${roomId}`).set(auth(alice.token)).expect(200)).body.participants;

    const denied = await t.http
      .delete(`/api/rooms/${roomId}/participants/${bJoin.selfId}`)
      .set(auth(carol.token))
      .expect(403);
    expect(denied.body.code).toBe('not-room-owner');
    expect((await t.http.get(`/api/rooms/${roomId}/bans`).set(auth(carol.token)).expect(403)).body.code).toBe(
      'not-room-owner',
    );
    await t.http.delete(`/api/rooms/${roomId}/bans/${bob.userId}`).set(auth(carol.token)).expect(403);
    await t.http.delete(`/api/rooms/${roomId}/participants/${bJoin.selfId}`).expect(401);
    // Peer ids of other rooms are not found here either.
    const elsewhere = await createRoom(t, carol.token, { name: 'Elsewhere' });
    const carolJoin = await (await joinAs(carol.token, elsewhere)).next('resp-join');
    for (const peerId of ['not-a-peer', carolJoin.selfId]) {
      const unknown = await t.http.delete(`/api/rooms/${roomId}/participants/${peerId}`).set(auth(alice.token));
      expect([unknown.status, unknown.body.code]).toEqual([404, 'peer-not-found']);
    }
    const self = await t.http
      .delete(`/api/rooms/${roomId}/participants/${aJoin.selfId}`)
      .set(auth(alice.token))
      .expect(400);
    expect(self.body.code).toBe('cannot-remove-self');

    expect(await participants()).toBe(2);
    expect(await a.staysQuiet()).toBe(true);
    expect(await b.staysQuiet()).toBe(true);
    expect((await t.http.get(`/api/rooms/${roomId}/bans`).set(auth(alice.token)).expect(200)).body).toEqual([]);
  });

  it('answers malformed and unknown ids with 404 and a stable code', async () => {
    const roomId = await createRoom(t, alice.token, { name: 'Ids' });
    const missing = '00000000-0000-4000-8000-000000000000';
    const cases: Array<[method: 'get' | 'delete', path: string, code: string]> = [
      ['delete', '/api/rooms/not-a-uuid/participants/x', 'room-not-found'],
      ['delete', `/api/rooms/${missing}/participants/x`, 'room-not-found'],
      ['get', '/api/rooms/not-a-uuid/bans', 'room-not-found'],
      ['get', `/api/rooms/${missing}/bans`, 'room-not-found'],
      ['delete', `/api/rooms/${missing}/bans/${bob.userId}`, 'room-not-found'],
      ['delete', `/api/rooms/${roomId}/bans/not-a-uuid`, 'ban-not-found'],
      ['delete', `/api/rooms/${roomId}/bans/${missing}`, 'ban-not-found'],
      ['delete', `/api/admin/rooms/not-a-uuid/participants/x`, 'room-not-found'],
    ];
    for (const [method, path, code] of cases) {
      const res = await t.http[method](path).set(auth(admin.token));
      expect([path, res.status, res.body.code]).toEqual([path, 404, code]);
    }
  });

  it('one removal takes every seat of the account out of the call', async () => {
    const roomId = await createRoom(t, alice.token, { name: 'Two seats' });
    const a = await joinAs(alice.token, roomId);
    await a.next('resp-join');
    const b1 = await joinAs(bob.token, roomId);
    const seat1 = (await b1.next('resp-join')).selfId;
    const b2 = await joinAs(bob.token, roomId);
    const seat2 = (await b2.next('resp-join')).selfId;
    await a.next('new-peer');
    await a.next('new-peer');
    expect((await b1.next('new-peer')).peer.peerId).toBe(seat2);

    await t.http.delete(`/api/rooms/${roomId}/participants/${seat1}`).set(auth(alice.token)).expect(204);
    for (const seat of [b1, b2]) {
      const frames = await framesUntil(seat, 'kicked');
      expect(frames.at(-1)).toEqual({ event: 'kicked', data: { reason: 'removed by the room owner' } });
      expect(frames.slice(0, -1).every((frame) => frame.event === 'peer-leave')).toBe(true);
    }
    const left = [await a.next('peer-leave'), await a.next('peer-leave')].map((leave) => leave.peerId);
    expect(left.sort()).toEqual([seat1, seat2].sort());
    const room = await t.http.get(`/api/rooms/${roomId}`).set(auth(alice.token)).expect(200);
    expect(room.body.participants).toBe(1);
    b2.send('join', { roomId });
    expect((await b2.next('error')).code).toBe('barred');
  });

  it('a bar goes with the barred account and with the room', async () => {
    const dave = await signUp(t, 'Dave');
    const roomId = await createRoom(t, alice.token, { name: 'Cascade' });
    await (await joinAs(alice.token, roomId)).next('resp-join');
    for (const account of [dave, bob]) {
      const seat = await joinAs(account.token, roomId);
      const { selfId } = await seat.next('resp-join');
      await t.http.delete(`/api/rooms/${roomId}/participants/${selfId}`).set(auth(alice.token)).expect(204);
      await seat.next('kicked');
    }
    const listed = async () =>
      (await t.http.get(`/api/rooms/${roomId}/bans`).set(auth(alice.token)).expect(200)).body.map(
        (ban: { userId: string }) => ban.userId,
      );
    expect((await listed()).sort()).toEqual([dave.userId, bob.userId].sort());

    await t.http.delete(`/api/admin/users/${dave.userId}`).set(auth(admin.token)).expect(204);
    expect(await listed()).toEqual([bob.userId]);
    await t.http.delete(`/api/rooms/${roomId}`).set(auth(alice.token)).expect(204);
    expect(await t.app.get(DataSource).getRepository(RoomBan).countBy({ roomId })).toBe(0);
  });
});

describe('moderation across a restart (e2e)', () => {
  it('keeps a bar when the application restarts on the same database', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'webrtc-call-bans-'));
    const open: WsClient[] = [];
    const joinAs = async (app: TestApp, token: string, roomId: string) => {
      const client = await WsClient.connect(app.wsUrl, token);
      open.push(client);
      client.send('join', { roomId });
      return client;
    };
    try {
      const first = await startTestApp({}, { dataDir });
      let owner: Account, guest: Account, roomId: string;
      try {
        owner = await signUp(first, 'Owner');
        guest = await signUp(first, 'Guest');
        roomId = await createRoom(first, owner.token, { name: 'Durable' });
        await (await joinAs(first, owner.token, roomId)).next('resp-join');
        const g = await joinAs(first, guest.token, roomId);
        const { selfId } = await g.next('resp-join');
        await first.http.delete(`/api/rooms/${roomId}/participants/${selfId}`).set(auth(owner.token)).expect(204);
        await g.next('kicked');
      } finally {
        await Promise.all(open.splice(0).map((client) => client.closeAndWait()));
        await first.close();
      }

      const second = await startTestApp({}, { dataDir });
      try {
        expect((await (await joinAs(second, guest.token, roomId)).next('error')).code).toBe('barred');
        const bans = await second.http.get(`/api/rooms/${roomId}/bans`).set(auth(owner.token)).expect(200);
        expect(bans.body).toEqual([expect.objectContaining({ userId: guest.userId, bannedBy: owner.userId })]);
      } finally {
        await Promise.all(open.splice(0).map((client) => client.closeAndWait()));
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
