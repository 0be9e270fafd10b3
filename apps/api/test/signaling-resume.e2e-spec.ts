import { createRoom, signUp, startTestApp, TestApp } from './support/test-app';
import { seatTwo, useWsClients } from './support/ws-client';

const sdp = { type: 'offer', sdp: 'v=0\r\n' };

describe('signaling resume (e2e)', () => {
  let t: TestApp;
  let alice: { token: string };
  let bob: { token: string };
  let roomId: string;
  let roomCounter = 0;
  const connect = useWsClients(() => t.wsUrl);
  // Closed sockets keep their seats for the resume window, so every test gets a fresh room.
  const pair = async () => {
    roomId = await createRoom(t, alice.token, { name: `Resume ${roomCounter++}`, capacity: 2 });
    return seatTwo(connect, roomId, alice.token, bob.token);
  };

  beforeAll(async () => {
    t = await startTestApp({ SIGNALING_RESUME_WINDOW_MS: '1500' });
    alice = await signUp(t, 'Alice');
    bob = await signUp(t, 'Bob');
  });
  afterAll(() => t.close());

  it('gives a reconnecting peer its peerId back and delivers what was sent to it meanwhile', async () => {
    const { a, b, aJoin, bJoin } = await pair();
    b.socket.terminate();
    const away = await a.next('peer-updated');
    expect(away.peer).toMatchObject({ peerId: bJoin.selfId, reconnecting: true });

    a.send('offer', { to: bJoin.selfId, sdp });
    a.send('candidate', { to: bJoin.selfId, candidate: { candidate: 'c', sdpMid: '0', sdpMLineIndex: 0 } });

    const b2 = await connect(bob.token);
    b2.send('join', { roomId, resumeToken: bJoin.resumeToken });
    const resumed = await b2.next('resp-join');
    expect(resumed).toMatchObject({ selfId: bJoin.selfId, resumed: true, peers: [{ peerId: aJoin.selfId }] });
    expect(resumed.resumeToken).not.toBe(bJoin.resumeToken);
    expect(await b2.next('offer')).toEqual({ from: aJoin.selfId, sdp });
    expect((await b2.next('candidate')).from).toBe(aJoin.selfId);

    const back = await a.next('peer-updated');
    expect(back.peer.peerId).toBe(bJoin.selfId);
    expect(back.peer.reconnecting).toBeUndefined();
    expect(await a.staysQuiet(300)).toBe(true);

    b2.send('answer', { to: aJoin.selfId, sdp: { type: 'answer', sdp: 'v=0\r\n' } });
    expect((await a.next('answer')).from).toBe(bJoin.selfId);
  });

  it('takes over a socket that has not noticed it is dead yet', async () => {
    const { a, b, bJoin } = await pair();
    const b2 = await connect(bob.token);
    b2.send('join', { roomId, resumeToken: bJoin.resumeToken });
    expect(await b2.next('resp-join')).toMatchObject({ selfId: bJoin.selfId, resumed: true });
    expect((await a.next('peer-updated')).peer.peerId).toBe(bJoin.selfId);
    b.send('offer', { to: 'x', sdp });
    expect((await b.next('error')).code).toBe('not-in-room');
  });

  it('after the window it is a normal leave and the old token gives a fresh seat', async () => {
    const { a, b, bJoin } = await pair();
    b.socket.terminate();
    await a.next('peer-updated');
    expect(await a.next('peer-leave', 3000)).toEqual({ peerId: bJoin.selfId });

    const b2 = await connect(bob.token);
    b2.send('join', { roomId, resumeToken: bJoin.resumeToken });
    const fresh = await b2.next('resp-join');
    expect(fresh.resumed).toBe(false);
    expect(fresh.selfId).not.toBe(bJoin.selfId);
    expect((await a.next('new-peer')).peer.peerId).toBe(fresh.selfId);
  });

  it('enforces capacity on reconnect after the window', async () => {
    const { a, b, bJoin } = await pair();
    b.socket.terminate();
    await a.next('peer-updated');
    await a.next('peer-leave', 3000);
    const c = await connect(alice.token);
    c.send('join', { roomId });
    await c.next('resp-join');
    const b2 = await connect(bob.token);
    b2.send('join', { roomId, resumeToken: bJoin.resumeToken });
    expect((await b2.next('error')).code).toBe('room-full');
  });
});
