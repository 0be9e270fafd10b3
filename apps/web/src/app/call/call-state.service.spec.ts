import { TestBed } from '@angular/core/testing';
import { PeerInfo } from '@webrtc-call/signaling-contracts';
import { fakeStream, FakePeerConnection, FakeTrack, flushPromises } from '../../testing/fake-peer-connection';
import { callTestProviders, joinAs as joinRoom, respJoin as joinFrame } from '../../testing/call-test-bed';
import { FakeSignalingTickets } from '../../testing/fake-signaling-tickets';
import { FakeWebSocket } from '../../testing/fake-web-socket';
import { PreferencesService } from '../core/preferences.service';
import { CallStateService } from './call-state.service';

const alice: PeerInfo = { peerId: 'peer-alice', userId: 'u-alice', displayName: 'Alice', audio: true, video: true };
const bob: PeerInfo = { peerId: 'peer-bob', userId: 'u-bob', displayName: 'Bob', audio: true, video: true };
const iceServers = [{ urls: ['turn:turn.example.org:3478'], username: 'u', credential: 'c' }];
const respJoin = (peers: PeerInfo[], extra: Record<string, unknown> = {}) =>
  joinFrame(peers, { selfId: bob.peerId, iceServers, ...extra });

describe('CallStateService', () => {
  let call: CallStateService;
  let tracks: FakeTrack[];
  let getUserMedia: jest.Mock;
  let expireSession: jest.Mock;

  const socket = () => FakeWebSocket.latest();

  /** Joins room r1 as Bob and lets the server confirm it with the given peers already inside. */
  const joinAs = (peers: PeerInfo[]) => joinRoom(call, respJoin(peers));

  beforeEach(() => {
    localStorage.clear();
    FakePeerConnection.reset();
    FakeWebSocket.reset();
    const local = fakeStream();
    tracks = local.tracks;
    getUserMedia = jest.fn(() => Promise.resolve(local.stream));
    Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia }, configurable: true });
    expireSession = jest.fn();

    TestBed.configureTestingModule({
      providers: callTestProviders(expireSession),
    });
    call = TestBed.inject(CallStateService);
  });

  afterEach(() => call.leave());

  it('asks for camera and microphone, joins over the socket and is connected after resp-join', async () => {
    const joined = call.join('r1');
    expect(call.status()).toBe('joining');
    await joined;

    expect(getUserMedia).toHaveBeenCalledWith(expect.objectContaining({ audio: true }));
    expect(socket().url).toMatch(/\/ws\?ticket=ticket-1$/);
    socket().serverOpen();
    expect(socket().sent).toEqual([{ event: 'join', data: { roomId: 'r1' } }]);

    socket().serverSend(respJoin([alice]));
    expect(call.status()).toBe('connected');
    expect(call.peers()).toEqual([
      {
        peerId: 'peer-alice',
        userId: 'u-alice',
        guest: false,
        displayName: 'Alice',
        stream: null,
        connectionState: 'new',
        audio: true,
        video: true,
        reconnecting: false,
        unreachable: null,
      },
    ]);
  });

  it('waits without a seat until let in, and is told when the host turns it away', async () => {
    await call.join('r1');
    socket().serverOpen();
    socket().serverSend({ event: 'waiting', data: { roomId: 'r1', requestId: 'k1', timeoutMs: 300000 } });
    expect(call.status()).toBe('waiting');
    expect(FakePeerConnection.instances).toHaveLength(0);
    socket().serverSend(respJoin([alice]));
    expect(call.status()).toBe('connected');

    call.leave();
    await call.join('r1');
    socket().serverOpen();
    socket().serverSend({ event: 'waiting', data: { roomId: 'r1', requestId: 'k2', timeoutMs: 300000 } });
    socket().serverSend({ event: 'denied', data: { roomId: 'r1', reason: 'timeout' } });
    expect(call.status()).toBe('error');
    expect(call.error()).toEqual({ reason: 'wait-timeout' });
    for (const track of tracks) expect(track.stop).toHaveBeenCalled();
  });

  it('as a host lists knocks, answers them over signaling and drops the ones settled', async () => {
    await joinAs([]);
    socket().serverSend({ event: 'knock', data: { requestId: 'k1', displayName: 'Gus', guest: true } });
    socket().serverSend({ event: 'knock', data: { requestId: 'k2', displayName: 'Dee', guest: false } });
    expect(call.knocks().map((knock) => knock.displayName)).toEqual(['Gus', 'Dee']);
    call.answerKnock('k1', true);
    call.answerKnock('k2', false);
    expect(socket().sent.slice(-2)).toEqual([
      { event: 'admit', data: { requestId: 'k1' } },
      { event: 'deny', data: { requestId: 'k2' } },
    ]);
    socket().serverSend({ event: 'knock-withdrawn', data: { requestId: 'k1' } });
    expect(call.knocks().map((knock) => knock.requestId)).toEqual(['k2']);
  });

  it('builds connections with the ICE servers from resp-join and the relay-only preference', async () => {
    localStorage.setItem('webrtc-call.preferences', JSON.stringify({ relayOnly: true }));
    TestBed.inject(PreferencesService).update({ relayOnly: true });
    await joinAs([alice]);
    expect(FakePeerConnection.instances[0].configuration).toMatchObject({ iceServers, iceTransportPolicy: 'relay' });

    const fresh = [{ urls: ['turn:turn.example.org:3478'], username: 'u2', credential: 'c2' }];
    socket().serverSend({ event: 'turn-credentials', data: { iceServers: fresh } });
    expect(FakePeerConnection.instances[0].setConfiguration).toHaveBeenCalledWith(
      expect.objectContaining({ iceServers: fresh, iceTransportPolicy: 'relay' }),
    );
  });

  it('as the newcomer prepares a connection per existing peer without offering', async () => {
    await joinAs([alice]);

    expect(FakePeerConnection.instances).toHaveLength(1);
    expect(socket().sentEvents()).toEqual(['join']);
    expect(FakePeerConnection.instances[0].offerCount).toBe(0);

    socket().serverSend({ event: 'offer', data: { from: alice.peerId, sdp: { type: 'offer', sdp: 'o' } } });
    await flushPromises();
    expect(socket().sent.at(-1)).toEqual({
      event: 'answer',
      data: { to: alice.peerId, sdp: { type: 'answer', sdp: 'answer-sdp' } },
    });
  });

  it('as the peer already in the room offers to a new peer', async () => {
    await joinAs([]);
    socket().serverSend({ event: 'new-peer', data: { peer: alice } });
    await flushPromises();

    expect(call.peers().map((peer) => peer.displayName)).toEqual(['Alice']);
    expect(
      socket()
        .sentEvents()
        .filter((event) => event === 'offer'),
    ).toHaveLength(1);
    expect(socket().sent.at(-1)).toEqual({
      event: 'offer',
      data: { to: alice.peerId, sdp: { type: 'offer', sdp: 'offer-sdp' } },
    });
  });

  it('on peer-leave closes that connection, removes its tile and says who left', async () => {
    await joinAs([alice]);
    const aliceConnection = FakePeerConnection.instances[0];

    socket().serverSend({ event: 'peer-leave', data: { peerId: alice.peerId } });

    expect(aliceConnection.close).toHaveBeenCalledTimes(1);
    expect(call.peers()).toEqual([]);
    expect(call.notices().map((notice) => notice.text)).toEqual(['Alice left']);
    expect(call.status()).toBe('connected');
  });

  it('says nothing when a peer it was never shown leaves', async () => {
    await joinAs([alice]);

    socket().serverSend({ event: 'peer-leave', data: { peerId: 'p-never-seen' } });

    expect(call.peers().map((peer) => peer.peerId)).toEqual([alice.peerId]);
    expect(call.notices()).toEqual([]);
  });

  it('sends the final quality sample of a leg when its peer leaves, and of every leg before leave', async () => {
    await joinAs([alice]);
    socket().serverSend({
      event: 'new-peer',
      data: { peer: { ...alice, peerId: 'peer-carol', displayName: 'Carol' } },
    });
    await flushPromises();
    FakePeerConnection.instances[0].setConnectionState('connected');

    socket().serverSend({ event: 'peer-leave', data: { peerId: 'peer-carol' } });
    const finals = () => socket().sent.filter((frame) => frame.event === 'stats');
    expect(finals()).toEqual([
      {
        event: 'stats',
        data: expect.objectContaining({ peerId: 'peer-carol', final: true, outcome: 'closed-before-connected' }),
      },
    ]);

    call.leave();
    expect(socket().sent.slice(-2)).toEqual([
      { event: 'stats', data: expect.objectContaining({ peerId: 'peer-alice', final: true, outcome: 'connected' }) },
      { event: 'leave', data: {} },
    ]);
  });

  it('shows the mute state, name and reconnecting the others broadcast', async () => {
    await joinAs([alice]);
    socket().serverSend({ event: 'peer-updated', data: { peer: { ...alice, video: false, displayName: 'Alice B' } } });
    expect(call.peers()[0]).toMatchObject({ displayName: 'Alice B', audio: true, video: false, reconnecting: false });
    socket().serverSend({ event: 'peer-updated', data: { peer: { ...alice, reconnecting: true } } });
    expect(call.peers()[0].reconnecting).toBe(true);
  });

  it('ignores and logs malformed frames without disturbing the call, then applies the next good one', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await joinAs([alice]);
      const aliceConnection = FakePeerConnection.instances[0];
      socket().serverSend({ event: 'new-peer', data: { peer: { peerId: 'peer-carol' } } });
      socket().serverSend({ event: 'offer', data: { from: alice.peerId, sdp: null } });
      socket().serverSend({ event: 'turn-credentials', data: { iceServers: [{ urls: [] }] } });
      socket().serverSend({ event: 'resp-join', data: { selfId: 'peer-bob' } });
      socket().serverSend({ event: 'peer-leave', data: {} });
      await flushPromises();

      expect(warn).toHaveBeenCalledTimes(5);
      expect(call.status()).toBe('connected');
      expect(call.peers().map((peer) => peer.peerId)).toEqual([alice.peerId]);
      expect(FakePeerConnection.instances).toHaveLength(1);
      expect(aliceConnection.setConfiguration).not.toHaveBeenCalled();

      socket().serverSend({
        event: 'new-peer',
        data: { peer: { ...alice, peerId: 'peer-carol', displayName: 'Carol' } },
      });
      socket().serverSend({ event: 'peer-leave', data: { peerId: alice.peerId } });
      await flushPromises();
      expect(call.peers().map((peer) => peer.displayName)).toEqual(['Carol']);
      expect(aliceConnection.close).toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('sends chat and shows messages from others under their name, but not its own echo', async () => {
    await joinAs([alice]);
    expect(call.sendChat('  hello  ')).toBe(true);
    expect(socket().sent.at(-1)).toEqual({ event: 'chat', data: { text: 'hello' } });
    socket().serverSend({ event: 'chat', data: { from: bob.peerId, text: 'hello', at: '2026-01-01T10:00:00Z' } });
    socket().serverSend({ event: 'chat', data: { from: alice.peerId, text: 'hi Bob', at: '2026-01-01T10:00:01Z' } });

    expect(call.chat().map((m) => [m.name, m.text, m.self])).toEqual([
      ['You', 'hello', true],
      ['Alice', 'hi Bob', false],
    ]);
  });

  it('on a lost socket shows reconnecting, keeps the peer connections and resumes with the token', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    try {
      await call.join('r1');
      socket().serverOpen();
      socket().serverSend(respJoin([alice]));
      const aliceConnection = FakePeerConnection.instances[0];

      socket().serverClose(1006);
      expect(call.status()).toBe('reconnecting');
      expect(call.peers()).toHaveLength(1);
      jest.advanceTimersByTime(500);
      socket().serverOpen();
      expect(socket().sent[0]).toEqual({ event: 'join', data: { roomId: 'r1', resumeToken: 'rt-1' } });

      socket().serverSend(respJoin([alice], { resumed: true, resumeToken: 'rt-2' }));
      expect(call.status()).toBe('connected');
      expect(aliceConnection.close).not.toHaveBeenCalled();
      expect(FakePeerConnection.instances).toHaveLength(1);
      expect(call.notices().map((n) => n.text)).toContain('Reconnected');
    } finally {
      jest.useRealTimers();
    }
  });

  it('while resuming, an error about a relayed frame does not end the call', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await call.join('r1');
      socket().serverOpen();
      socket().serverSend(respJoin([alice]));
      socket().serverClose(1006);
      jest.advanceTimersByTime(500);
      socket().serverOpen();
      socket().serverSend({ event: 'error', data: { code: 'not-in-room', message: 'join first' } });
      expect(call.status()).toBe('reconnecting');
      socket().serverSend({ event: 'error', data: { code: 'room-full', message: 'full' } });
      expect(call.status()).toBe('error');
      expect(call.error()).toEqual({ reason: 'room-full' });
    } finally {
      warn.mockRestore();
      jest.useRealTimers();
    }
  });

  it('when the seat was not kept, rebuilds every connection as a newcomer', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    try {
      await call.join('r1');
      socket().serverOpen();
      socket().serverSend(respJoin([alice]));
      const old = FakePeerConnection.instances[0];
      socket().serverClose(1006);
      jest.advanceTimersByTime(500);
      socket().serverOpen();
      socket().serverSend(respJoin([alice], { selfId: 'peer-bob-2', resumed: false }));

      expect(old.close).toHaveBeenCalled();
      expect(FakePeerConnection.instances).toHaveLength(2);
      expect(call.status()).toBe('connected');
    } finally {
      jest.useRealTimers();
    }
  });

  it.each([
    ['kicked', { reason: 'by an administrator' }, { reason: 'kicked', detail: 'by an administrator' }],
    ['room-closed', { roomId: 'r1' }, { reason: 'room-closed' }],
  ])('ends the call with a typed error on %s', async (event, data, error) => {
    await joinAs([alice]);
    socket().serverSend({ event, data });
    expect(call.status()).toBe('error');
    expect(call.error()).toEqual(error);
    expect(FakePeerConnection.instances[0].close).toHaveBeenCalled();
  });

  it('asks for the room password, and says when the one given was wrong', async () => {
    await call.join('r1');
    socket().serverOpen();
    socket().serverSend({ event: 'error', data: { code: 'room-password', message: 'password required' } });
    expect(call.needsPassword()).toBe(true);
    expect(call.error()).toEqual({ reason: 'room-password' });

    await call.join('r1', { password: 'nope' });
    socket().serverOpen();
    expect(socket().sent[0]).toEqual({ event: 'join', data: { roomId: 'r1', password: 'nope' } });
    socket().serverSend({ event: 'error', data: { code: 'room-password', message: 'wrong password' } });
    expect(call.error()).toEqual({ reason: 'room-password-wrong' });
    expect(call.needsPassword()).toBe(true);
  });

  it('leave() sends leave, closes every peer connection, stops every local track and closes the socket', async () => {
    await joinAs([alice]);
    socket().serverSend({
      event: 'new-peer',
      data: { peer: { ...alice, peerId: 'peer-carol', displayName: 'Carol' } },
    });
    await flushPromises();
    expect(FakePeerConnection.instances).toHaveLength(2);

    call.leave();

    expect(socket().sent.at(-1)).toEqual({ event: 'leave', data: {} });
    for (const pc of FakePeerConnection.instances) expect(pc.close).toHaveBeenCalledTimes(1);
    for (const track of tracks) expect(track.stop).toHaveBeenCalledTimes(1);
    expect(socket().close).toHaveBeenCalled();
    expect(call.status()).toBe('left');
    expect(call.peers()).toEqual([]);
    expect(call.localStream()).toBeNull();
  });

  it('leave() while the camera prompt is still open releases the camera once it resolves', async () => {
    const late = fakeStream('late');
    let grant!: () => void;
    getUserMedia.mockImplementationOnce(() => new Promise((resolve) => (grant = () => resolve(late.stream))));

    const joined = call.join('r1');
    call.leave();
    grant();
    await joined;

    expect(call.status()).toBe('left');
    for (const track of late.tracks) expect(track.stop).toHaveBeenCalledTimes(1);
    expect(FakeWebSocket.instances).toHaveLength(0);
    expect(call.localStream()).toBeNull();
  });

  it.each([
    ['room-not-found', { reason: 'room-not-found' }],
    ['room-full', { reason: 'room-full' }],
    ['room-locked', { reason: 'room-locked' }],
    ['barred', { reason: 'barred' }],
    ['unavailable', { reason: 'unavailable' }],
    ['rate-limited', { reason: 'rate-limited', retryAfterSeconds: 42 }],
    ['a-code-from-a-newer-server', { reason: 'join-refused', detail: 'a-code-from-a-newer-server' }],
  ])('ends with a typed error and releases everything when the server answers %s', async (code, error) => {
    await call.join('r1');
    socket().serverOpen();
    socket().serverSend({ event: 'error', data: { code, message: code, retryAfterSeconds: 42 } });

    expect(call.status()).toBe('error');
    expect(call.error()).toEqual(error);
    expect(call.needsPassword()).toBe(false);
    for (const track of tracks) expect(track.stop).toHaveBeenCalled();
    expect(socket().close).toHaveBeenCalled();
  });

  it('reports a denied camera permission without opening a socket', async () => {
    getUserMedia.mockRejectedValueOnce(Object.assign(new Error('denied'), { name: 'NotAllowedError' }));
    await call.join('r1');

    expect(call.status()).toBe('error');
    expect(call.error()).toEqual({ reason: 'media-denied' });
    expect(FakeWebSocket.instances).toHaveLength(0);
  });

  it('reports an unreachable server when the socket closes before opening', async () => {
    await call.join('r1');
    socket().serverClose(1006);

    expect(call.status()).toBe('error');
    expect(call.error()).toEqual({ reason: 'server-unreachable' });
    for (const track of tracks) expect(track.stop).toHaveBeenCalled();
  });

  it('after close code 4401 logs out when not even a fresh ticket is to be had', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    try {
      await call.join('r1');
      socket().serverOpen();
      socket().serverSend(respJoin([]));
      TestBed.inject(FakeSignalingTickets).refuseNext(401);
      socket().serverClose(4401);
      expect(call.status()).toBe('reconnecting');
      jest.advanceTimersByTime(0);

      expect(call.status()).toBe('error');
      expect(call.error()).toEqual({ reason: 'session-expired' });
      expect(expireSession).toHaveBeenCalledWith('/call/r1');
    } finally {
      jest.useRealTimers();
    }
  });
});
