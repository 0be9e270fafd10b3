import { IceCandidate, RelayMessage } from '@webrtc-call/signaling-contracts';
import { fakeStream, FakePeerConnection, FakeSender, flushPromises } from '../../testing/fake-peer-connection';
import { isPolite, PeerMesh, PeerMeshEvent } from './peer-mesh';

const offer = { type: 'offer' as const, sdp: 'remote-offer' };
const answer = { type: 'answer' as const, sdp: 'remote-answer' };
const candidate = (n: number): IceCandidate => ({
  candidate: `candidate:${n} 1 udp 2122260223 192.0.2.${n} 5440${n} typ host`,
  sdpMid: '0',
  sdpMLineIndex: 0,
});

describe('PeerMesh', () => {
  let sent: RelayMessage[];
  let events: PeerMeshEvent[];
  let mesh: PeerMesh;
  let local: ReturnType<typeof fakeStream>;

  const connection = (index = 0): FakePeerConnection => {
    const pc = FakePeerConnection.instances[index];
    if (!pc) throw new Error(`no peer connection #${index}`);
    return pc;
  };

  beforeEach(() => {
    FakePeerConnection.reset();
    sent = [];
    events = [];
    local = fakeStream();
    mesh = new PeerMesh({
      selfId: 'm-self',
      configuration: { iceServers: [] },
      createPeerConnection: FakePeerConnection.factory,
      localStream: local.stream,
      send: (message) => sent.push(message),
    });
    mesh.events$.subscribe((event) => events.push(event));
  });

  // Timers of an earlier test's connections must not reach this test's `sent`.
  afterEach(() => mesh.close());

  it('creates the connection with the configured RTCConfiguration and adds every local track', () => {
    mesh.connect('newcomer', 'offer');
    expect(connection().configuration).toEqual({ iceServers: [] });
    expect(connection().addedTracks).toEqual(local.tracks);
  });

  it('sends an offer when it is the peer already in the room (new-peer)', async () => {
    mesh.connect('newcomer', 'offer');
    await flushPromises();

    expect(connection().localDescription).toEqual({ type: 'offer', sdp: 'offer-sdp' });
    expect(sent).toEqual([{ event: 'offer', data: { to: 'newcomer', sdp: { type: 'offer', sdp: 'offer-sdp' } } }]);
  });

  it('offers at once, before the browser fires negotiationneeded, and only once', async () => {
    mesh.connect('newcomer', 'offer');
    for (let i = 0; i < 5; i++) await Promise.resolve(); // microtasks only: no task has run yet
    expect(sent.map((frame) => frame.event)).toEqual(['offer']);

    await flushPromises();
    expect(connection().offerCount).toBe(1);
    expect(sent.map((frame) => frame.event)).toEqual(['offer']);
  });

  it('as the newcomer, holds back its own negotiation and only answers once the offer arrives', async () => {
    mesh.connect('existing', 'await-offer');
    await flushPromises();
    expect(FakePeerConnection.instances).toHaveLength(1);
    expect(sent).toEqual([]);
    expect(connection().offerCount).toBe(0);

    mesh.handleOffer('existing', offer);
    await flushPromises();

    expect(FakePeerConnection.instances).toHaveLength(1);
    expect(connection().offerCount).toBe(0);
    expect(connection().remoteDescription).toEqual(offer);
    expect(connection().localDescription).toEqual({ type: 'answer', sdp: 'answer-sdp' });
    expect(connection().signalingState).toBe('stable');
    expect(sent).toEqual([{ event: 'answer', data: { to: 'existing', sdp: { type: 'answer', sdp: 'answer-sdp' } } }]);
  });

  it('after the first exchange the newcomer may renegotiate itself (e.g. ICE restart)', async () => {
    mesh.connect('existing', 'await-offer');
    mesh.handleOffer('existing', offer);
    await flushPromises();
    sent.length = 0;

    mesh.restartIce('existing');
    await flushPromises();

    expect(connection().restartIce).toHaveBeenCalledTimes(1);
    expect(sent.map((m) => m.event)).toEqual(['offer']);
  });

  it('queues remote candidates that arrive before the offer and adds them, in order, after it is applied', async () => {
    mesh.connect('existing', 'await-offer');
    mesh.handleCandidate('existing', candidate(1));
    mesh.handleCandidate('existing', candidate(2));
    await flushPromises();
    expect(connection().addIceCandidate).not.toHaveBeenCalled();

    mesh.handleOffer('existing', offer);
    await flushPromises();

    expect(connection().addedCandidates).toEqual([candidate(1), candidate(2)]);
    const [firstAdd] = connection().addIceCandidate.mock.invocationCallOrder;
    expect(connection().setRemoteDescription.mock.invocationCallOrder[0]).toBeLessThan(firstAdd);

    mesh.handleCandidate('existing', candidate(3));
    await flushPromises();
    expect(connection().addedCandidates).toEqual([candidate(1), candidate(2), candidate(3)]);
  });

  it('keeps queueing candidates while setRemoteDescription is still in progress', async () => {
    mesh.connect('existing', 'await-offer');
    let release!: () => void;
    connection().remoteDescriptionGate = new Promise<void>((resolve) => (release = resolve));

    mesh.handleOffer('existing', offer);
    await flushPromises();
    mesh.handleCandidate('existing', candidate(1));
    await flushPromises();
    expect(connection().addIceCandidate).not.toHaveBeenCalled();

    release();
    await flushPromises();
    expect(connection().addedCandidates).toEqual([candidate(1)]);
  });

  it('on the offering side, holds candidates until the answer is applied', async () => {
    mesh.connect('newcomer', 'offer');
    await flushPromises();
    mesh.handleCandidate('newcomer', candidate(1));
    await flushPromises();
    expect(connection().addIceCandidate).not.toHaveBeenCalled();

    mesh.handleAnswer('newcomer', answer);
    await flushPromises();

    expect(connection().remoteDescription).toEqual(answer);
    expect(connection().addedCandidates).toEqual([candidate(1)]);
  });

  it('trickles local ICE candidates to the peer as candidate frames built with toJSON()', () => {
    mesh.connect('newcomer', 'offer');
    connection().emitLocalCandidate({
      candidate: 'candidate:9 1 udp 1 192.0.2.9 9 typ host',
      sdpMid: '0',
      sdpMLineIndex: 0,
    });
    connection().emitLocalCandidate(null);

    expect(sent.filter((message) => message.event === 'candidate')).toEqual([
      {
        event: 'candidate',
        data: {
          to: 'newcomer',
          candidate: { candidate: 'candidate:9 1 udp 1 192.0.2.9 9 typ host', sdpMid: '0', sdpMLineIndex: 0 },
        },
      },
    ]);
  });

  it('reports remote streams and connection state per peer', () => {
    mesh.connect('existing', 'await-offer');
    const remote = fakeStream('remote').stream;
    connection().emitTrack(remote);
    connection().setConnectionState('connected');

    expect(events).toEqual([
      { type: 'stream', peerId: 'existing', stream: remote },
      { type: 'connection-state', peerId: 'existing', state: 'connected' },
    ]);
  });

  it('restarts ICE at once when the connection fails', () => {
    mesh.connect('existing', 'await-offer');
    connection().setConnectionState('failed');
    expect(connection().restartIce).toHaveBeenCalledTimes(1);
  });

  it('restarts ICE only when disconnected lasts longer than the grace period', () => {
    jest.useFakeTimers();
    try {
      mesh.connect('a', 'offer');
      mesh.connect('b', 'offer');
      connection(0).setConnectionState('disconnected');
      connection(1).setConnectionState('disconnected');
      jest.advanceTimersByTime(1000);
      connection(1).setConnectionState('connected');
      jest.advanceTimersByTime(5000);

      expect(connection(0).restartIce).toHaveBeenCalledTimes(1);
      expect(connection(1).restartIce).not.toHaveBeenCalled();
    } finally {
      jest.useRealTimers();
    }
  });

  it('applies video sender parameters to every connection', () => {
    mesh.connect('a', 'offer');
    mesh.setVideoEncoding({ maxBitrate: 500_000, maxFramerate: 20, scaleResolutionDownBy: 2 });
    const video = connection().senders.find((s: FakeSender) => s.track?.kind === 'video');
    const audio = connection().senders.find((s: FakeSender) => s.track?.kind === 'audio');

    expect(video?.parameters.encodings[0]).toEqual({ maxBitrate: 500_000, maxFramerate: 20, scaleResolutionDownBy: 2 });
    expect(audio?.setParameters).not.toHaveBeenCalled();
  });

  it('hands fresh TURN credentials to every open connection with setConfiguration', () => {
    mesh.connect('a', 'offer');
    const iceServers = [{ urls: ['turn:turn.example.org:3478'], username: 'u', credential: 'c' }];
    mesh.setIceServers(iceServers);
    expect(connection().setConfiguration).toHaveBeenCalledWith({ iceServers });
  });

  it('closes only the leaving peer connection on remove (peer-leave) and ignores its late messages', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    mesh.connect('a', 'offer');
    mesh.connect('b', 'offer');
    await flushPromises();

    mesh.remove('a');
    mesh.handleCandidate('a', candidate(1));
    mesh.handleAnswer('a', answer);
    await flushPromises();

    expect(connection(0).close).toHaveBeenCalledTimes(1);
    expect(connection(0).setRemoteDescription).not.toHaveBeenCalled();
    expect(connection(1).close).not.toHaveBeenCalled();
    expect(mesh.peerIds).toEqual(['b']);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('closes every connection on close() and stops creating new ones', () => {
    mesh.connect('a', 'offer');
    mesh.connect('b', 'await-offer');

    mesh.close();
    mesh.connect('c', 'offer');
    mesh.handleOffer('d', offer);

    expect(FakePeerConnection.instances).toHaveLength(2);
    expect(connection(0).close).toHaveBeenCalledTimes(1);
    expect(connection(1).close).toHaveBeenCalledTimes(1);
    expect(mesh.peerIds).toEqual([]);
  });

  it('reports a failed negotiation instead of throwing', async () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    mesh.connect('newcomer', 'offer');
    mesh.handleAnswer('newcomer', answer);
    await flushPromises();
    connection().setLocalDescription.mockRejectedValueOnce(new Error('boom'));
    connection().onnegotiationneeded?.(); // a later renegotiation, e.g. a track added
    await flushPromises();

    expect(events).toContainEqual({ type: 'failure', peerId: 'newcomer', message: 'boom' });
    error.mockRestore();
  });
});

describe('perfect negotiation between two meshes', () => {
  /** Two meshes wired back to back through an async "server". */
  function pair() {
    FakePeerConnection.reset();
    const meshes: Record<string, PeerMesh> = {};
    const deliver = (from: string, message: RelayMessage) =>
      setTimeout(() => {
        const target = meshes[message.data.to];
        if (message.event === 'offer') target.handleOffer(from, message.data.sdp);
        else if (message.event === 'answer') target.handleAnswer(from, message.data.sdp);
        else target.handleCandidate(from, message.data.candidate);
      });
    for (const id of ['peer-a', 'peer-b']) {
      meshes[id] = new PeerMesh({
        selfId: id,
        configuration: {},
        createPeerConnection: FakePeerConnection.factory,
        localStream: fakeStream(id).stream,
        send: (message) => deliver(id, message),
      });
    }
    return meshes;
  }

  it('decides politeness the same way on both sides', () => {
    expect(isPolite('peer-a', 'peer-b')).toBe(true);
    expect(isPolite('peer-b', 'peer-a')).toBe(false);
  });

  it('settles glare: both offer at once, the polite side rolls back, both end stable with one exchange', async () => {
    const meshes = pair();
    // Both believe they must offer: the collision perfect negotiation exists for.
    meshes['peer-a'].connect('peer-b', 'offer');
    meshes['peer-b'].connect('peer-a', 'offer');
    const [a, b] = FakePeerConnection.instances;
    await flushPromises();

    expect(a.offerCount).toBe(1);
    expect(b.offerCount).toBe(1);
    expect(a.rollbacks).toBe(1); // peer-a is polite: its offer gave way
    expect(b.rollbacks).toBe(0); // peer-b is impolite: it ignored peer-a's offer
    expect(a.signalingState).toBe('stable');
    expect(b.signalingState).toBe('stable');
    expect(a.remoteDescription?.type).toBe('offer');
    expect(a.localDescription?.type).toBe('answer');
    expect(b.localDescription?.type).toBe('offer');
    expect(b.remoteDescription?.type).toBe('answer');
  });

  it('connects two peers seated at the same moment, each welcomed with the other and each told it joined', async () => {
    const meshes = pair();
    // Each resp-join listed the other: both wait for an offer…
    meshes['peer-a'].connect('peer-b', 'await-offer');
    meshes['peer-b'].connect('peer-a', 'await-offer');
    await flushPromises();
    expect(FakePeerConnection.instances.map((pc) => pc.offerCount)).toEqual([0, 0]);

    // …then each new-peer says the other arrived after it: both offer, and the glare settles.
    meshes['peer-a'].connect('peer-b', 'offer');
    meshes['peer-b'].connect('peer-a', 'offer');
    await flushPromises();

    const [a, b] = FakePeerConnection.instances;
    expect(FakePeerConnection.instances).toHaveLength(2);
    expect([a.signalingState, b.signalingState]).toEqual(['stable', 'stable']);
    expect(a.remoteDescription?.type).toBe('offer');
    expect(b.remoteDescription?.type).toBe('answer');
  });

  it('keeps waiting for the offer it was promised once the first exchange has begun', async () => {
    const meshes = pair();
    meshes['peer-b'].connect('peer-a', 'offer');
    meshes['peer-a'].connect('peer-b', 'await-offer');
    await flushPromises();
    const [b, a] = FakePeerConnection.instances;

    meshes['peer-a'].connect('peer-b', 'offer');
    await flushPromises();

    expect([a.offerCount, b.offerCount]).toEqual([0, 1]);
    expect([a.signalingState, b.signalingState]).toEqual(['stable', 'stable']);
  });

  it('recovers from glare during renegotiation (both restart ICE at once)', async () => {
    const meshes = pair();
    meshes['peer-b'].connect('peer-a', 'offer');
    meshes['peer-a'].connect('peer-b', 'await-offer');
    const [b, a] = FakePeerConnection.instances;
    await flushPromises();
    expect([a.signalingState, b.signalingState]).toEqual(['stable', 'stable']);

    meshes['peer-a'].restartIce('peer-b');
    meshes['peer-b'].restartIce('peer-a');
    await flushPromises();

    expect(a.rollbacks).toBe(1);
    expect(b.rollbacks).toBe(0);
    expect([a.signalingState, b.signalingState]).toEqual(['stable', 'stable']);
    expect(b.remoteDescription?.type).toBe('answer');
  });
});
