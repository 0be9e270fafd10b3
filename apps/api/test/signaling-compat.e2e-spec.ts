import { createRoom, signUp, startTestApp, TestApp } from './support/test-app';
import { useWsClients, WsClient } from './support/ws-client';

const offer = { type: 'offer', sdp: 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n' };
const answer = { type: 'answer', sdp: 'v=0\r\no=- 2 1 IN IP4 127.0.0.1\r\n' };

describe('course dialect at /ws/compat (e2e)', () => {
  let t: TestApp;
  let alice: { token: string; userId: string };
  let bob: { token: string; userId: string };
  const compat = useWsClients(() => t.wsUrl.replace('/ws', '/ws/compat'));
  const native = useWsClients(() => t.wsUrl);

  beforeAll(async () => {
    t = await startTestApp({ SIGNALING_RESUME_WINDOW_MS: '0' });
    alice = await signUp(t, 'Alice');
    bob = await signUp(t, 'Bob');
  });
  afterAll(() => t.close());

  it('refuses a compat upgrade without a token with HTTP 401', async () => {
    expect(await WsClient.refusal(t.wsUrl.replace('/ws', '/ws/compat'))).toBe(401);
  });

  it('lets two course clients call each other', async () => {
    const roomId = await createRoom(t, alice.token, { name: 'Compat' });
    const a = await compat(alice.token);
    a.sendCompat({ cmd: 'join', roomId, uid: 'a-local' });
    expect(await a.staysQuiet(300)).toBe(true);

    const b = await compat(bob.token);
    b.sendCompat({ cmd: 'join', roomId, uid: 'b-local' });
    const respJoin = await b.nextRaw();
    const newPeer = await a.nextRaw();
    expect(respJoin).toEqual({ cmd: 'resp-join', remoteUid: expect.any(String) });
    expect(newPeer).toEqual({ cmd: 'new-peer', remoteUid: expect.any(String) });
    const aId = respJoin['remoteUid'] as string;
    const bId = newPeer['remoteUid'] as string;

    a.sendCompat({ cmd: 'offer', roomId, uid: 'a-local', remoteUid: bId, msg: JSON.stringify(offer) });
    const gotOffer = await b.nextRaw();
    expect(gotOffer).toEqual({ cmd: 'offer', roomId, uid: aId, remoteUid: bId, msg: JSON.stringify(offer) });

    b.sendCompat({ cmd: 'answer', roomId, uid: 'b-local', remoteUid: aId, msg: JSON.stringify(answer) });
    expect(JSON.parse((await a.nextRaw())['msg'] as string)).toEqual(answer);

    const candidate = { label: 0, id: '0', candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host' };
    a.sendCompat({ cmd: 'candidate', roomId, uid: 'a-local', remoteUid: bId, msg: JSON.stringify(candidate) });
    const gotCandidate = await b.nextRaw();
    expect(gotCandidate).toMatchObject({ cmd: 'candidate', uid: aId, remoteUid: bId });
    expect(JSON.parse(gotCandidate['msg'] as string)).toEqual(candidate);

    b.sendCompat({ cmd: 'leave', roomId, uid: 'b-local' });
    expect(await a.nextRaw()).toEqual({ cmd: 'peer-leave', remoteUid: bId });
  });

  it('lets a course client call a web client, translating SDP and candidates both ways', async () => {
    const roomId = await createRoom(t, alice.token, { name: 'Mixed' });
    const web = await native(alice.token);
    web.send('join', { roomId });
    const webJoin = await web.next('resp-join');
    const course = await compat(bob.token);
    course.sendCompat({ cmd: 'join', roomId, uid: 'bob-phone' });
    expect(await course.nextRaw()).toEqual({ cmd: 'resp-join', remoteUid: webJoin.selfId });
    const { peer } = await web.next('new-peer');
    expect(peer).toMatchObject({ userId: bob.userId, displayName: 'Bob' });

    web.send('offer', { to: peer.peerId, sdp: offer });
    expect(await course.nextRaw()).toEqual({
      cmd: 'offer',
      roomId,
      uid: webJoin.selfId,
      remoteUid: peer.peerId,
      msg: JSON.stringify(offer),
    });
    course.sendCompat({
      cmd: 'answer',
      roomId,
      uid: 'bob-phone',
      remoteUid: webJoin.selfId,
      msg: JSON.stringify(answer),
    });
    expect(await web.next('answer')).toEqual({ from: peer.peerId, sdp: answer });

    course.sendCompat({
      cmd: 'candidate',
      roomId,
      uid: 'bob-phone',
      remoteUid: webJoin.selfId,
      msg: JSON.stringify({ label: 1, id: 'video', candidate: 'candidate:2 1 udp 1 127.0.0.1 9 typ host' }),
    });
    expect(await web.next('candidate')).toEqual({
      from: peer.peerId,
      candidate: { candidate: 'candidate:2 1 udp 1 127.0.0.1 9 typ host', sdpMid: 'video', sdpMLineIndex: 1 },
    });
    web.send('candidate', {
      to: peer.peerId,
      candidate: { candidate: 'candidate:3', sdpMid: 'audio', sdpMLineIndex: 0 },
    });
    const toCourse = await course.nextRaw();
    expect(JSON.parse(toCourse['msg'] as string)).toEqual({ label: 0, id: 'audio', candidate: 'candidate:3' });

    web.close();
    expect(await course.nextRaw()).toEqual({ cmd: 'peer-leave', remoteUid: webJoin.selfId });
  });

  it('answers malformed compat frames with an error frame and stays usable', async () => {
    const c = await compat(alice.token);
    c.sendRaw('{oops');
    expect(await c.nextRaw()).toMatchObject({ cmd: 'error', code: 'invalid-message' });
    c.sendCompat({ cmd: 'offer', remoteUid: 'x', msg: 'not json' });
    expect(await c.nextRaw()).toMatchObject({ cmd: 'error', code: 'invalid-message' });
    c.sendCompat({ cmd: 'dance' });
    expect(await c.nextRaw()).toMatchObject({ cmd: 'error', code: 'unknown-event' });
    c.sendCompat({ cmd: 'join', roomId: '00000000-0000-4000-8000-000000000000', uid: 'x' });
    expect(await c.nextRaw()).toMatchObject({ cmd: 'error', code: 'room-not-found' });
  });
});
