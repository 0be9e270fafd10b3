import { RelayMessage } from '@webrtc-call/signaling-contracts';
import { fakeStream, FakePeerConnection, flushPromises } from '../../testing/fake-peer-connection';
import { PeerMesh } from './peer-mesh';

/** What each connection sends: camera, screen, or nothing (no camera, receive-only seat). */
describe('PeerMesh outgoing video', () => {
  let sent: RelayMessage[];
  let mesh: PeerMesh | undefined;
  const screen = { kind: 'video', label: 'screen:0' } as MediaStreamTrack;

  const connection = (index = 0): FakePeerConnection => {
    const pc = FakePeerConnection.instances[index];
    if (!pc) throw new Error(`no peer connection #${index}`);
    return pc;
  };
  const videoSenders = (pc: FakePeerConnection) =>
    pc.senders.filter((s) => s.track === null || s.track.kind === 'video');
  const offersTo = (peerId: string) =>
    sent.filter((m) => m.event === 'offer' && m.data.to === peerId && m.data.sdp.type === 'offer').length;

  const start = (localStream: MediaStream | null): PeerMesh => {
    mesh = new PeerMesh({
      selfId: 'm-self',
      configuration: { iceServers: [] },
      createPeerConnection: FakePeerConnection.factory,
      localStream,
      send: (message) => sent.push(message),
    });
    return mesh;
  };

  /** Completes the offer this side just made, as the remote peer's answer would. */
  const answerLatestOffer = (m: PeerMesh, peerId: string) =>
    m.handleAnswer(peerId, { type: 'answer', sdp: `answer-${sent.length}` });

  beforeEach(() => {
    FakePeerConnection.reset();
    sent = [];
  });
  afterEach(() => mesh?.close());

  it('swaps the camera for the screen on every connection with replaceTrack and back, without renegotiating', async () => {
    const local = fakeStream();
    const m = start(local.stream);
    m.connect('a', 'offer');
    m.connect('b', 'offer');
    await flushPromises();
    answerLatestOffer(m, 'a');
    answerLatestOffer(m, 'b');
    await flushPromises();

    await m.replaceVideoTrack(screen);
    const senders = [0, 1].map((i) => videoSenders(connection(i)));
    expect(senders.map((list) => list.map((s) => s.track))).toEqual([[screen], [screen]]);

    const camera = local.stream.getVideoTracks()[0];
    await m.replaceVideoTrack(camera);
    await flushPromises();
    expect(senders.map((list) => list.map((s) => s.track))).toEqual([[camera], [camera]]);
    expect([offersTo('a'), offersTo('b')]).toEqual([1, 1]);
  });

  it('without a camera sends the microphone and still asks to receive the other side’s video', () => {
    const micOnly = fakeStream('local', ['audio']);
    start(micOnly.stream).connect('a', 'offer');
    expect(connection().addedTracks).toEqual(micOnly.tracks);
    expect(connection().addTransceiver.mock.calls).toEqual([['video', { direction: 'recvonly' }]]);
  });

  it('joined receive-only, asks to receive both kinds and sends nothing', () => {
    start(null).connect('a', 'offer');
    expect(connection().addedTracks).toEqual([]);
    expect(connection().addTransceiver.mock.calls).toEqual([
      ['audio', { direction: 'recvonly' }],
      ['video', { direction: 'recvonly' }],
    ]);
  });

  it('joined receive-only and told to offer after all, asks to receive both kinds in that offer', async () => {
    const m = start(null);
    m.connect('a', 'await-offer');
    expect(connection().addTransceiver).not.toHaveBeenCalled();

    m.connect('a', 'offer');
    await flushPromises();
    expect(connection().addTransceiver.mock.calls).toEqual([
      ['audio', { direction: 'recvonly' }],
      ['video', { direction: 'recvonly' }],
    ]);
    expect(offersTo('a')).toBe(1);
  });

  it.each([
    ['without a camera', () => fakeStream('local', ['audio']).stream],
    ['joined receive-only', () => null],
  ])('%s, shares a screen by adding a video sender on every connection, which renegotiates', async (_case, stream) => {
    const m = start(stream());
    m.connect('a', 'offer');
    m.connect('b', 'await-offer');
    await flushPromises();
    answerLatestOffer(m, 'a');
    m.handleOffer('b', { type: 'offer', sdp: 'offer-from-b' });
    await flushPromises();
    expect([offersTo('a'), offersTo('b')]).toEqual([1, 0]);

    await m.replaceVideoTrack(screen);
    await flushPromises();
    expect([0, 1].map((i) => connection(i).addedTracks.at(-1))).toEqual([screen, screen]);
    // A new sender is a new negotiation, on both the offering and the answering side of the first one.
    expect([offersTo('a'), offersTo('b')]).toEqual([2, 1]);
    answerLatestOffer(m, 'a');
    answerLatestOffer(m, 'b');
    await flushPromises();

    // Stopping the share leaves the sender without a track: no further negotiation, nothing sent.
    await m.replaceVideoTrack(null);
    await flushPromises();
    expect([0, 1].map((i) => videoSenders(connection(i)).map((s) => s.track))).toEqual([[null], [null]]);
    expect([offersTo('a'), offersTo('b')]).toEqual([2, 1]);

    // Sharing again reuses that sender.
    await m.replaceVideoTrack(screen);
    await flushPromises();
    expect([0, 1].map((i) => videoSenders(connection(i)).map((s) => s.track))).toEqual([[screen], [screen]]);
    expect([offersTo('a'), offersTo('b')]).toEqual([2, 1]);
  });

  it('gives a peer who arrives during a share the screen from its first offer', async () => {
    const m = start(fakeStream('local', ['audio']).stream);
    await m.replaceVideoTrack(screen);
    m.connect('late', 'offer');
    expect(connection().addedTracks.at(-1)).toBe(screen);
    expect(connection().addTransceiver).not.toHaveBeenCalled();
  });
});
