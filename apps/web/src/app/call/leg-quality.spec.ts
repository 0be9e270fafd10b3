import { QUALITY_SAMPLE_INTERVAL_MS, QualitySample } from '@webrtc-call/signaling-contracts';
import { FakePeerConnection } from '../../testing/fake-peer-connection';
import { RtcStat } from './call-stats';
import { FIRST_FRAME_PROBE_MS, LegQuality } from './leg-quality';
import { PeerMesh } from './peer-mesh';

/** A report whose clock and counters follow the (fake) time, with video decoding once `decoding` is set. */
function report(decoding: boolean, relayed = false): RTCStatsReport {
  const timestamp = Date.now();
  const stats: RtcStat[] = [
    { id: 'T', type: 'transport', timestamp, selectedCandidatePairId: 'CP' },
    {
      id: 'CP',
      type: 'candidate-pair',
      timestamp,
      localCandidateId: 'L',
      remoteCandidateId: 'R',
      currentRoundTripTime: 0.03,
    },
    {
      id: 'L',
      type: 'local-candidate',
      timestamp,
      candidateType: relayed ? 'relay' : 'host',
      protocol: 'udp',
      relayProtocol: 'udp',
    },
    { id: 'R', type: 'remote-candidate', timestamp, candidateType: 'host', protocol: 'udp' },
    {
      id: 'IV',
      type: 'inbound-rtp',
      kind: 'video',
      timestamp,
      packetsReceived: decoding ? timestamp : 0,
      framesDecoded: decoding ? 5 : 0,
      bytesReceived: timestamp * 100,
    },
  ];
  return new Map(stats.map((s) => [s.id, s])) as unknown as RTCStatsReport;
}

describe('LegQuality', () => {
  let sent: QualitySample[];
  let decoding: boolean;
  let relayed: boolean;
  let pc: { getStats: jest.Mock };
  let leg: LegQuality;
  const start = () => {
    leg = new LegQuality({ peerId: 'p-a', connection: pc, send: (s) => sent.push(s), now: () => Date.now() });
  };

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    sent = [];
    decoding = false;
    relayed = false;
    pc = { getStats: jest.fn(() => Promise.resolve(report(decoding, relayed))) };
  });
  afterEach(() => {
    leg?.end();
    jest.useRealTimers();
  });

  it('sends a sample every interval, connecting then connected, with times to connect and to first frame', async () => {
    start();
    await jest.advanceTimersByTimeAsync(700);
    leg.connectionState('connected');
    await jest.advanceTimersByTimeAsync(800);
    decoding = true;
    await jest.advanceTimersByTimeAsync(QUALITY_SAMPLE_INTERVAL_MS - 1500);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ peerId: 'p-a', final: false, outcome: 'connected', timeToConnectMs: 700 });
    expect(sent[0].timeToFirstFrameMs).toBeGreaterThanOrEqual(1500);
    expect(sent[0].timeToFirstFrameMs).toBeLessThanOrEqual(1500 + FIRST_FRAME_PROBE_MS);
    expect(sent[0].bitrateInKbps).toBe(800);
    await jest.advanceTimersByTimeAsync(QUALITY_SAMPLE_INTERVAL_MS);
    expect(sent).toHaveLength(2);
    expect(sent[1].bitrateInKbps).toBe(800);
  });

  it('reports a leg still connecting as connecting, and its end before connecting as closed-before-connected', async () => {
    start();
    await jest.advanceTimersByTimeAsync(QUALITY_SAMPLE_INTERVAL_MS);
    expect(sent.map((s) => [s.outcome, s.final])).toEqual([['connecting', false]]);
    leg.end();
    expect(sent.map((s) => [s.outcome, s.final])).toEqual([
      ['connecting', false],
      ['closed-before-connected', true],
    ]);
    await jest.advanceTimersByTimeAsync(QUALITY_SAMPLE_INTERVAL_MS * 2);
    expect(sent).toHaveLength(2);
  });

  it('ends as never-connected when the connection gives up without ever connecting', () => {
    start();
    leg.gaveUp();
    leg.end();
    expect(sent.map((s) => [s.outcome, s.final])).toEqual([['never-connected', true]]);
  });

  it('goes failed when ICE fails, back to connected when a restart heals it, and counts restarts', async () => {
    start();
    leg.connectionState('connected');
    leg.connectionState('failed');
    leg.iceRestarted();
    await jest.advanceTimersByTimeAsync(QUALITY_SAMPLE_INTERVAL_MS);
    expect(sent.at(-1)).toMatchObject({ outcome: 'failed', iceRestarts: 1 });
    leg.connectionState('connected');
    leg.gaveUp();
    expect(sent.at(-1)).toMatchObject({ outcome: 'failed', final: true });
    expect(sent.at(-1)?.timeToConnectMs).toBe(0);
  });

  it('takes the final sample at once from the latest reading, with the path it used', async () => {
    relayed = true;
    start();
    leg.connectionState('connected');
    await jest.advanceTimersByTimeAsync(3000);
    leg.end();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ final: true, outcome: 'connected', localCandidateType: 'relay', rttMs: 30 });
  });

  it('times the first frame from decoded video, not from the audio that arrives first, when the peer sends video', async () => {
    const audioFirst = (videoFrames: number): RTCStatsReport => {
      const timestamp = Date.now();
      const stats: RtcStat[] = [
        { id: 'IA', type: 'inbound-rtp', kind: 'audio', timestamp, packetsReceived: 8 },
        ...(videoFrames
          ? [
              {
                id: 'IV',
                type: 'inbound-rtp',
                kind: 'video',
                timestamp,
                packetsReceived: 9,
                framesDecoded: videoFrames,
              },
            ]
          : []),
      ];
      return new Map(stats.map((s) => [s.id, s])) as unknown as RTCStatsReport;
    };
    let frames = 0;
    const receivingVideo = { receiver: { track: { kind: 'video' } }, currentDirection: 'sendrecv' };
    leg = new LegQuality({
      peerId: 'p-a',
      connection: {
        getStats: () => Promise.resolve(audioFirst(frames)),
        getTransceivers: () => [receivingVideo as unknown as RTCRtpTransceiver],
      },
      send: (s) => sent.push(s),
      now: () => Date.now(),
    });
    leg.connectionState('connected');
    await jest.advanceTimersByTimeAsync(1000);
    frames = 1;
    await jest.advanceTimersByTimeAsync(1000);
    leg.end();
    expect(sent[0].timeToFirstFrameMs).toBeGreaterThanOrEqual(1000);
    expect(sent[0].timeToFirstFrameMs).toBeLessThanOrEqual(1000 + FIRST_FRAME_PROBE_MS);
  });

  it('gives a leg shorter than one interval its bitrate, measured from its first reading', async () => {
    start();
    leg.connectionState('connected');
    decoding = true;
    await jest.advanceTimersByTimeAsync(4000);
    leg.end();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ final: true, outcome: 'connected', bitrateInKbps: 800 });
  });
});

describe('PeerMesh quality samples', () => {
  let sent: QualitySample[];
  let mesh: PeerMesh;

  beforeEach(() => {
    jest.useFakeTimers();
    FakePeerConnection.reset();
    sent = [];
    mesh = new PeerMesh({
      selfId: 'm-self',
      configuration: { iceServers: [] },
      createPeerConnection: FakePeerConnection.factory,
      localStream: null,
      send: () => undefined,
      sendSample: (sample) => sent.push(sample),
    });
  });
  afterEach(() => {
    mesh.close();
    jest.useRealTimers();
  });

  it('sends the final sample of a leg when its peer leaves, and of every leg when the mesh closes', () => {
    mesh.connect('a', 'offer');
    mesh.connect('b', 'offer');
    FakePeerConnection.instances[0].setConnectionState('connected');
    mesh.remove('a');
    expect(sent.map((s) => [s.peerId, s.outcome, s.final])).toEqual([['a', 'connected', true]]);
    mesh.close();
    expect(sent.map((s) => [s.peerId, s.outcome, s.final])).toEqual([
      ['a', 'connected', true],
      ['b', 'closed-before-connected', true],
    ]);
  });

  it('counts the ICE restarts the connection makes', async () => {
    mesh.connect('a', 'offer');
    FakePeerConnection.instances[0].setConnectionState('connected');
    FakePeerConnection.instances[0].setConnectionState('failed');
    await jest.advanceTimersByTimeAsync(QUALITY_SAMPLE_INTERVAL_MS);
    expect(sent.at(-1)).toMatchObject({ outcome: 'failed', iceRestarts: 1, final: false });
  });
});
