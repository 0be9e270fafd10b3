import { createClient } from 'redis';
import { clearPrefix, eventually, REDIS_URL, throwawayDatabase, uniquePrefix } from './support/cluster';
import { createRoom, signUp, startTestApp, TestApp } from './support/test-app';
import { closeAfterEach, WsClient } from './support/ws-client';

const ADMIN = { username: 'chief', password: 'chief-password-123' };

// Sign-ups hash passwords on two instances at once: slow on a busy machine.
jest.setTimeout(60000);

/** Two API instances on different ports, one PostgreSQL database and one Redis between them. */
describe('Signaling across two instances (Redis, e2e)', () => {
  let one: TestApp;
  let two: TestApp;
  let dropDatabase: () => Promise<void>;
  const prefix = uniquePrefix();
  const track = closeAfterEach();
  const on = async (app: TestApp, token: string) => track(await WsClient.connect(app.wsUrl, token)).registered();
  let alice: { token: string; userId: string };
  let bob: { token: string; userId: string };
  let adminToken: string;

  beforeAll(async () => {
    const database = await throwawayDatabase();
    dropDatabase = database.drop;
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      // Instances report their socket counts at every heartbeat sweep.
      SIGNALING_PING_INTERVAL_MS: '500',
    };
    one = await startTestApp(env);
    two = await startTestApp(env);
    adminToken = (await two.http.post('/api/auth/login').send(ADMIN).expect(200)).body.accessToken;
    alice = await signUp(one, 'Alice');
    bob = await signUp(one, 'Bob');
  }, 60000);

  afterAll(async () => {
    await one?.close();
    await two?.close();
    await dropDatabase?.();
    await clearPrefix(prefix);
  });

  /** Alice on instance one, Bob on instance two, in one room. */
  const acrossInstances = async (capacity = 4) => {
    const roomId = await createRoom(one, alice.token, { name: 'Across', capacity });
    const a = await on(one, alice.token);
    a.send('join', { roomId });
    const aJoin = await a.next('resp-join');
    const b = await on(two, bob.token);
    b.send('join', { roomId });
    const bJoin = await b.next('resp-join');
    expect(bJoin.peers.map((peer) => peer.peerId)).toEqual([aJoin.selfId]);
    expect((await a.next('new-peer')).peer.peerId).toBe(bJoin.selfId);
    return { roomId, a, b, aJoin, bJoin };
  };

  it('relays offer, answer and candidates between instances, in order', async () => {
    const { a, b, aJoin, bJoin } = await acrossInstances();
    a.send('offer', { to: bJoin.selfId, sdp: { type: 'offer', sdp: 'v=0 offer' } });
    for (let i = 0; i < 30; i++) {
      a.send('candidate', { to: bJoin.selfId, candidate: { candidate: `candidate ${i}`, sdpMid: '0' } });
    }
    expect(await b.next('offer')).toEqual({ from: aJoin.selfId, sdp: { type: 'offer', sdp: 'v=0 offer' } });
    for (let i = 0; i < 30; i++) expect((await b.next('candidate')).candidate.candidate).toBe(`candidate ${i}`);
    b.send('answer', { to: aJoin.selfId, sdp: { type: 'answer', sdp: 'v=0 answer' } });
    expect(await a.next('answer')).toEqual({ from: bJoin.selfId, sdp: { type: 'answer', sdp: 'v=0 answer' } });
  });

  it('hands the frames of one read to Redis in one script call, and delivers them in order', async () => {
    const { roomId, a, b, bJoin } = await acrossInstances();
    const monitor = createClient({ url: REDIS_URL });
    await monitor.connect();
    const calls: string[] = [];
    try {
      const roomKey = `${prefix}room:${roomId}`;
      await monitor.monitor((line) => line.includes('EVALSHA') && line.includes(roomKey) && calls.push(line));
      // One TCP write: the server reads the three frames at once.
      const stream = (a.socket as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
      stream.cork();
      for (let i = 0; i < 3; i++) {
        a.send('candidate', { to: bJoin.selfId, candidate: { candidate: `batched ${i}`, sdpMid: '0' } });
      }
      stream.uncork();
      for (let i = 0; i < 3; i++) expect((await b.next('candidate')).candidate.candidate).toBe(`batched ${i}`);
      await eventually(async () => calls.length > 0, 2000);
      expect(calls).toHaveLength(1);
      expect(calls[0].match(/batched/g)).toHaveLength(3);
    } finally {
      await monitor.close();
    }
  });

  it('carries chat, mute and leave between instances, and lists the room from either', async () => {
    const { roomId, a, b, aJoin, bJoin } = await acrossInstances();
    b.send('chat', { text: 'hello from two' });
    expect(await a.next('chat')).toMatchObject({ from: bJoin.selfId, text: 'hello from two' });
    expect(await b.next('chat')).toMatchObject({ from: bJoin.selfId, text: 'hello from two' });
    a.send('mute', { audio: false, video: true });
    expect((await b.next('peer-updated')).peer).toMatchObject({ peerId: aJoin.selfId, audio: false });
    const listed = await two.http.get(`/api/rooms/${roomId}`).set('Authorization', `Bearer ${bob.token}`).expect(200);
    expect(listed.body.participants).toBe(2);
    b.send('leave', {});
    expect(await a.next('peer-leave')).toEqual({ peerId: bJoin.selfId });
  });

  it.each([
    ['the same instance', () => two],
    ['the other instance', () => one],
  ])('resumes a lost socket on %s with its peer id and the frames sent meanwhile', async (_where, target) => {
    const { a, b, aJoin, bJoin } = await acrossInstances();
    b.socket.terminate();
    expect((await a.next('peer-updated')).peer).toMatchObject({ peerId: bJoin.selfId, reconnecting: true });
    a.send('offer', { to: bJoin.selfId, sdp: { type: 'offer', sdp: 'v=0 while away' } });
    a.send('chat', { text: 'while away' });
    await a.next('chat');

    const b2 = await on(target(), bob.token);
    b2.send('join', { roomId: aJoin.roomId, resumeToken: bJoin.resumeToken });
    expect(await b2.next('resp-join')).toMatchObject({ selfId: bJoin.selfId, resumed: true });
    expect((await b2.next('offer')).sdp.sdp).toBe('v=0 while away');
    expect((await b2.next('chat')).text).toBe('while away');
    expect((await a.next('peer-updated')).peer).toMatchObject({ peerId: bJoin.selfId });
    a.send('chat', { text: 'welcome back' });
    expect((await b2.next('chat')).text).toBe('welcome back');
    expect(a.takeAll().filter((frame) => frame.event === 'peer-leave')).toEqual([]);
  });

  it('keeps a peer of another room unreachable, whichever instance it is on', async () => {
    const { a, aJoin } = await acrossInstances();
    const carol = await signUp(two, 'Carol');
    const otherRoom = await createRoom(two, carol.token, { name: 'Elsewhere' });
    const c = await on(two, carol.token);
    c.send('join', { roomId: otherRoom });
    const cJoin = await c.next('resp-join');
    a.send('offer', { to: cJoin.selfId, sdp: { type: 'offer', sdp: 'v=0' } });
    expect((await a.next('error')).code).toBe('peer-not-found');
    c.send('offer', { to: aJoin.selfId, sdp: { type: 'offer', sdp: 'v=0' } });
    expect((await c.next('error')).code).toBe('peer-not-found');
    expect(await c.staysQuiet()).toBe(true);
  });

  it('drops malformed frames and commands arriving through Redis, and keeps working', async () => {
    const { roomId, a, b, bJoin } = await acrossInstances();
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    try {
      for (const instance of await redis.sMembers(`${prefix}instances`)) {
        // An envelope is a one-line JSON header, a newline, then the frame.
        const envelope = (header: object, frame: object) => `${JSON.stringify(header)}\n${JSON.stringify(frame)}`;
        const chat = { event: 'chat', data: { from: 'x', text: 'forged', at: new Date().toISOString() } };
        const garbage = [
          'not json',
          JSON.stringify({ r: roomId, p: bJoin.selfId, m: JSON.stringify(chat) }),
          `not json\n${JSON.stringify(chat)}`,
          envelope({ r: 42 }, chat),
          envelope({ r: roomId, p: 7 }, chat),
          `${JSON.stringify({ r: roomId, p: bJoin.selfId })}\nnot json`,
          envelope({ r: roomId, p: bJoin.selfId }, { event: 'offer', data: { from: 42 } }),
          envelope({ r: roomId }, { event: 'kicked', data: { reason: 5 } }),
          envelope({ r: roomId }, { event: 'no-such-event', data: {} }),
        ];
        for (const raw of garbage) await redis.publish(`${prefix}to:${instance}`, raw);
        await redis.publish(`${prefix}presence:${instance}`, '{"r":[],"p":{}}');
      }
      await redis.publish(`${prefix}commands`, JSON.stringify({ kind: 'close-room' }));
      await redis.publish(`${prefix}commands`, JSON.stringify({ kind: 'disconnect', userId: bob.userId, reason: 'x' }));
    } finally {
      await redis.close();
    }
    expect(await b.staysQuiet(500)).toBe(true);
    expect(await a.staysQuiet(0)).toBe(true);
    a.send('chat', { text: 'still here' });
    expect((await b.next('chat')).text).toBe('still here');
  });

  it('kicks from one instance a peer seated on the other', async () => {
    const { roomId, a, b, bJoin } = await acrossInstances();
    await one.http
      .delete(`/api/admin/rooms/${roomId}/participants/${bJoin.selfId}`)
      .set('Authorization', `Bearer ${adminToken}`)
      .expect((res) => expect(res.status).toBeLessThan(300));
    expect((await b.next('kicked')).reason).toEqual(expect.any(String));
    expect(await a.next('peer-leave')).toEqual({ peerId: bJoin.selfId });
  });

  it('closes the room on both instances when it is deleted through either', async () => {
    const { roomId, a, b } = await acrossInstances();
    await two.http
      .delete(`/api/rooms/${roomId}`)
      .set('Authorization', `Bearer ${alice.token}`)
      .expect((res) => expect(res.status).toBeLessThan(300));
    expect(await a.next('room-closed')).toEqual({ roomId });
    expect(await b.next('room-closed')).toEqual({ roomId });
  });

  it('closes with 4403 the sockets of an account disabled through the other instance', async () => {
    const dave = await signUp(one, 'Dave');
    const roomId = await createRoom(one, alice.token, { name: 'Disable' });
    const a = await on(two, alice.token);
    a.send('join', { roomId });
    await a.next('resp-join');
    const d = await on(one, dave.token);
    d.send('join', { roomId });
    const dJoin = await d.next('resp-join');
    await a.next('new-peer');
    await two.http
      .patch(`/api/admin/users/${dave.userId}`)
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ disabled: true })
      .expect(200);
    expect((await d.closedWithin(5000)).code).toBe(4403);
    expect(await a.next('peer-leave')).toEqual({ peerId: dJoin.selfId });
  });

  it('opens a socket on one instance with a ticket issued by the other, once', async () => {
    const issued = await one.http
      .post('/api/signaling/ticket')
      .set('Authorization', `Bearer ${alice.token}`)
      .expect(201);
    const client = track(await WsClient.connect(`${two.wsUrl}?ticket=${issued.body.ticket}`));
    await client.registered();
    expect(await WsClient.refusal(one.wsUrl, `ticket=${issued.body.ticket}`)).toBe(401);
    expect(await WsClient.refusal(two.wsUrl, `ticket=${issued.body.ticket}`)).toBe(401);
  });

  it('sums the live stats over both instances', async () => {
    await acrossInstances();
    // Earlier tests' sockets are closed: what is left is this test's pair, one on each instance (each
    // instance reports its count every sweep, so the other one's may lag by one).
    const stats = async () =>
      (await one.http.get('/api/admin/stats').set('Authorization', `Bearer ${adminToken}`).expect(200)).body;
    await eventually(async () => (await stats()).sockets === 2, 3000);
    // Seats of earlier tests' closed sockets are still held for their resume window.
    expect((await stats()).participants).toBeGreaterThanOrEqual(2);
    const local = await two.http.get('/metrics').expect(200);
    expect(local.text).toMatch(/^signaling_sockets 1$/m);
  });

  it('seats exactly `capacity` of many joins racing for the last seats over both instances', async () => {
    const capacity = 3;
    const roomId = await createRoom(one, alice.token, { name: 'Race', capacity });
    const users = await Promise.all(Array.from({ length: 8 }, (_, i) => signUp(i % 2 ? one : two, `Racer ${i}`)));
    const clients = await Promise.all(users.map((user, i) => on(i % 2 ? one : two, user.token)));
    for (const client of clients) client.send('join', { roomId });
    const answers = await Promise.all(
      clients.map(async (client) => {
        for (;;) {
          const frame = (await client.nextRaw()) as { event: string; data: { code?: string } };
          if (frame.event === 'resp-join') return 'seated';
          if (frame.event === 'error') return frame.data.code;
        }
      }),
    );
    expect(answers.filter((answer) => answer === 'seated')).toHaveLength(capacity);
    expect(answers.filter((answer) => answer === 'room-full')).toHaveLength(8 - capacity);
  });
});
