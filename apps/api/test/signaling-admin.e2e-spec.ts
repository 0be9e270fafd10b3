import { JwtService } from '@nestjs/jwt';
import { createRoom, signUp, startTestApp, TestApp } from './support/test-app';
import { seatTwo, useWsClients, WsClient } from './support/ws-client';

const ADMIN = { username: 'chief', password: 'chief-password-123' };

describe('REST actions reaching live calls (e2e)', () => {
  let t: TestApp;
  let adminToken: string;
  let alice: { token: string; userId: string };
  let bob: { token: string; userId: string };
  const connect = useWsClients(() => t.wsUrl);
  const pair = async (capacity = 4) => {
    const roomId = await createRoom(t, alice.token, { name: 'Live', capacity });
    return { roomId, ...(await seatTwo(connect, roomId, alice.token, bob.token)) };
  };

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
    adminToken = (await t.http.post('/api/auth/login').send(ADMIN).expect(200)).body.accessToken;
    alice = await signUp(t, 'Alice');
    bob = await signUp(t, 'Bob');
  });
  afterAll(() => t.close());

  it('kicks a participant: it gets kicked, the others get peer-leave, and the seat is free for someone else', async () => {
    const { roomId, a, b, bJoin } = await pair(2);
    await t.http
      .delete(`/api/admin/rooms/${roomId}/participants/${bJoin.selfId}`)
      .set('Authorization', `Bearer ${adminToken}`)
      .expect((res) => expect(res.status).toBeLessThan(300));
    expect((await b.next('kicked')).reason).toEqual(expect.any(String));
    expect(await a.next('peer-leave')).toEqual({ peerId: bJoin.selfId });
    b.send('offer', { to: 'x', sdp: { type: 'offer', sdp: '' } });
    expect((await b.next('error')).code).toBe('not-in-room');
    // The kicked account is barred from the room; its seat goes to someone else.
    b.send('join', { roomId });
    expect((await b.next('error')).code).toBe('barred');
    const carol = await signUp(t, 'Carol');
    const c = await connect(carol.token);
    c.send('join', { roomId });
    expect((await c.next('resp-join')).peers).toHaveLength(1);
  });

  it('deleting a room with people in it sends room-closed and frees them', async () => {
    const { roomId, a, b } = await pair();
    await t.http
      .delete(`/api/rooms/${roomId}`)
      .set('Authorization', `Bearer ${alice.token}`)
      .expect((res) => expect(res.status).toBeLessThan(300));
    expect(await a.next('room-closed')).toEqual({ roomId });
    expect(await b.next('room-closed')).toEqual({ roomId });
    a.send('leave', {});
    expect((await a.next('error')).code).toBe('not-in-room');
  });

  it('disabling a user closes their live sockets with 4403 and the room sees them leave', async () => {
    const carol = await signUp(t, 'Carol');
    const roomId = await createRoom(t, alice.token, { name: 'Disable' });
    const {
      a,
      b: c,
      bJoin: { selfId },
    } = await seatTwo(connect, roomId, alice.token, carol.token);

    await t.http
      .patch(`/api/admin/users/${carol.userId}`)
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ disabled: true })
      .expect(200);
    expect((await c.closed).code).toBe(4403);
    expect(await a.next('peer-leave')).toEqual({ peerId: selfId });
    expect(await WsClient.refusal(t.wsUrl, `token=${carol.token}`)).toBe(401);
  });

  it('broadcasts mute state as peer-updated and relays chat to the whole room', async () => {
    const { a, b, aJoin, bJoin } = await pair();
    b.send('mute', { audio: false, video: true });
    expect(await a.next('peer-updated')).toEqual({
      peer: { peerId: bJoin.selfId, userId: bob.userId, displayName: 'Bob', audio: false, video: true },
    });
    a.send('chat', { text: 'hello <b>there</b>' });
    const received = await b.next('chat');
    expect(received).toEqual({ from: aJoin.selfId, text: 'hello <b>there</b>', at: expect.any(String) });
    expect(Math.abs(Date.parse(received.at) - Date.now())).toBeLessThan(5000);
    expect(await a.next('chat')).toEqual(received);
  });

  it('lets a password room in only with the right password, and a locked room nobody new', async () => {
    const roomId = await createRoom(t, alice.token, { name: 'Secret', password: 'open sesame' });
    const b = await connect(bob.token);
    b.send('join', { roomId });
    expect((await b.next('error')).code).toBe('room-password');
    b.send('join', { roomId, password: 'wrong' }, 'try-2');
    expect(await b.next('error')).toMatchObject({ code: 'room-password', ref: 'try-2' });
    b.send('join', { roomId, password: 'open sesame' });
    expect((await b.next('resp-join')).roomId).toBe(roomId);

    await t.http
      .patch(`/api/rooms/${roomId}`)
      .set('Authorization', `Bearer ${alice.token}`)
      .send({ locked: true })
      .expect(200);
    const a = await connect(alice.token);
    a.send('join', { roomId, password: 'open sesame' });
    expect((await a.next('error')).code).toBe('room-locked');
  });

  it('keeps an ongoing call when the token expires while connected', async () => {
    const roomId = await createRoom(t, alice.token, { name: 'Long call' });
    const jwt = t.app.get(JwtService);
    // `exp` has whole seconds, so a token may live up to a second less than asked: leave room to connect.
    const shortLived = jwt.sign(
      { sub: bob.userId, username: 'bob', name: 'Bob', role: 'user', ver: 0 },
      { expiresIn: 3 },
    );
    const { a, b, aJoin, bJoin } = await seatTwo(connect, roomId, alice.token, shortLived);
    const { exp } = jwt.decode<{ exp: number }>(shortLived);
    await new Promise((r) => setTimeout(r, Math.max(0, exp * 1000 + 100 - Date.now())));
    b.send('offer', { to: aJoin.selfId, sdp: { type: 'offer', sdp: 'v=0\r\n' } });
    expect((await a.next('offer')).from).toBe(bJoin.selfId);
    expect(await WsClient.refusal(t.wsUrl, `token=${shortLived}`)).toBe(401);
  });
});
