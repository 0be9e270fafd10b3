import { SignalingCloseCode } from '@webrtc-call/signaling-contracts';
import WebSocket from 'ws';
import { createRoom, signUp, startTestApp, TestApp } from './support/test-app';
import { seatTwo, useWsClients } from './support/ws-client';

const offerSdp = { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' };
const answerSdp = { type: 'answer', sdp: 'v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\n' };
const candidate = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 };

describe('signaling (e2e)', () => {
  let t: TestApp;
  let alice: { token: string; userId: string };
  let bob: { token: string; userId: string };
  let roomId: string;
  const connect = useWsClients(() => t.wsUrl);

  beforeAll(async () => {
    t = await startTestApp({ SIGNALING_RESUME_WINDOW_MS: '0' });
    alice = await signUp(t, 'Alice');
    bob = await signUp(t, 'Bob');
    roomId = await createRoom(t, alice.token, { name: 'Call', capacity: 2 });
  });
  afterAll(() => t.close());

  it('closes a socket without a valid token with 4401', async () => {
    for (const token of [undefined, 'garbage']) {
      const client = await connect(token);
      expect((await client.closed).code).toBe(SignalingCloseCode.Unauthorized);
    }
  });

  it('joins two peers, relays offer/answer/candidate with a server-stamped from, and announces a leave', async () => {
    const a = await connect(alice.token);
    a.send('join', { roomId });
    const aJoin = await a.next('resp-join');
    expect(aJoin).toEqual({
      roomId,
      selfId: expect.any(String),
      peers: [],
      capacity: 2,
      iceServers: [],
      resumeToken: expect.any(String),
      resumed: false,
      resumeWindowMs: 0,
      keepaliveIntervalMs: 5000,
    });

    const b = await connect(bob.token);
    b.send('join', { roomId });
    const bJoin = await b.next('resp-join');
    expect(bJoin.peers).toEqual([
      { peerId: aJoin.selfId, userId: alice.userId, displayName: 'Alice', audio: true, video: true },
    ]);
    expect(await a.next('new-peer')).toEqual({
      peer: { peerId: bJoin.selfId, userId: bob.userId, displayName: 'Bob', audio: true, video: true },
    });

    a.send('offer', { to: bJoin.selfId, sdp: offerSdp, from: 'forged' });
    expect(await b.next('offer')).toEqual({ from: aJoin.selfId, sdp: offerSdp });
    b.send('answer', { to: aJoin.selfId, sdp: answerSdp });
    expect(await a.next('answer')).toEqual({ from: bJoin.selfId, sdp: answerSdp });
    b.send('candidate', { to: aJoin.selfId, candidate });
    expect(await a.next('candidate')).toEqual({ from: bJoin.selfId, candidate });

    b.send('leave', {});
    expect(await a.next('peer-leave')).toEqual({ peerId: bJoin.selfId });
    b.send('offer', { to: aJoin.selfId, sdp: offerSdp });
    expect((await b.next('error')).code).toBe('not-in-room');
  });

  it('announces peer-leave when a socket closes', async () => {
    const {
      a,
      b,
      bJoin: { selfId },
    } = await seatTwo(connect, roomId, alice.token, bob.token);
    b.socket.terminate();
    expect(await a.next('peer-leave')).toEqual({ peerId: selfId });
  });

  it('answers keepalive with keepalive', async () => {
    const a = await connect(alice.token);
    a.send('keepalive', {});
    expect(await a.next('keepalive')).toEqual({});
  });

  it('answers every malformed frame with an error code and keeps the socket usable', async () => {
    const a = await connect(alice.token);
    const cases: Array<[string | Buffer, string]> = [
      ['{not json', 'invalid-message'],
      ['[1,2]', 'invalid-message'],
      [JSON.stringify({ event: 'join', data: { roomId: 42 } }), 'invalid-message'],
      [
        JSON.stringify({ event: 'candidate', data: { to: 'x', candidate: { candidate: 1, sdpMid: '0' } } }),
        'invalid-message',
      ],
      [JSON.stringify({ event: 'fly', data: {} }), 'unknown-event'],
      [Buffer.from([1, 2, 3]), 'invalid-message'],
    ];
    for (const [raw, code] of cases) {
      a.sendRaw(raw);
      const error = await a.next('error');
      expect(error.code).toBe(code);
      expect(error.message.length).toBeGreaterThan(0);
    }
    a.send('keepalive', {});
    expect(await a.next('keepalive')).toEqual({});
  });

  it('refuses unknown rooms, full rooms, double joins and signaling outside a room', async () => {
    const a = await connect(alice.token);
    a.send('offer', { to: 'someone', sdp: offerSdp });
    expect((await a.next('error')).code).toBe('not-in-room');
    a.send('leave', {});
    expect((await a.next('error')).code).toBe('not-in-room');
    a.send('join', { roomId: '00000000-0000-4000-8000-000000000000' });
    expect((await a.next('error')).code).toBe('room-not-found');

    a.send('join', { roomId });
    await a.next('resp-join');
    a.send('join', { roomId });
    expect((await a.next('error')).code).toBe('already-in-room');

    const b = await connect(bob.token);
    b.send('join', { roomId });
    await b.next('resp-join');
    const c = await connect(bob.token);
    c.send('join', { roomId });
    expect((await c.next('error')).code).toBe('room-full');
  });

  it('never delivers to a peer of another room, and answers peer-not-found', async () => {
    const otherRoom = await createRoom(t, bob.token, { name: 'Elsewhere' });
    const a = await connect(alice.token);
    a.send('join', { roomId });
    await a.next('resp-join');
    const b = await connect(bob.token);
    b.send('join', { roomId: otherRoom });
    const { selfId: bId } = await b.next('resp-join');

    a.send('offer', { to: bId, sdp: offerSdp });
    expect((await a.next('error')).code).toBe('peer-not-found');
    expect(await b.staysQuiet()).toBe(true);
  });

  it('lets the same user join twice as two peers from two devices', async () => {
    const room = await createRoom(t, alice.token, { name: 'Two devices' });
    const phone = await connect(alice.token);
    phone.send('join', { roomId: room });
    const { selfId: phoneId } = await phone.next('resp-join');
    const laptop = await connect(alice.token);
    laptop.send('join', { roomId: room });
    const joined = await laptop.next('resp-join');
    expect(joined.peers.map((p) => p.peerId)).toEqual([phoneId]);
    expect(joined.selfId).not.toBe(phoneId);
  });

  it('closes a frame larger than 64 KiB with 1009', async () => {
    const a = await connect(alice.token);
    a.sendRaw('x'.repeat(64 * 1024 + 1));
    expect((await a.closed).code).toBe(1009);
    expect(a.socket.readyState).toBe(WebSocket.CLOSED);
  });
});
