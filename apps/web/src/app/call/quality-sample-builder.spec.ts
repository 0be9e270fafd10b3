import { checkQualitySample } from '@webrtc-call/signaling-contracts';
import { RtcStat, StatsSnapshot } from './call-stats';
import { buildQualitySample, firstFrameArrived, LegFacts } from './quality-sample-builder';

const facts: LegFacts = {
  peerId: 'p-a',
  final: false,
  outcome: 'connected',
  timeToConnectMs: 800,
  timeToFirstFrameMs: 1200,
  iceRestarts: 0,
};

function snapshot(timestamp: number, stats: Omit<RtcStat, 'timestamp'>[]): StatsSnapshot {
  return { timestamp, stats: new Map(stats.map((s) => [s.id, { ...s, timestamp }])) };
}

/** A connection over TURN/TLS, `seconds` into the call, with traffic growing linearly. */
function relayedCall(seconds: number, lostIn: number, lostOut: number): StatsSnapshot {
  return snapshot(seconds * 1000, [
    { id: 'T', type: 'transport', selectedCandidatePairId: 'CP2' },
    {
      id: 'CP1',
      type: 'candidate-pair',
      localCandidateId: 'L1',
      remoteCandidateId: 'R1',
      nominated: true,
      state: 'succeeded',
    },
    {
      id: 'CP2',
      type: 'candidate-pair',
      localCandidateId: 'L2',
      remoteCandidateId: 'R1',
      currentRoundTripTime: 0.042,
      availableOutgoingBitrate: 1_234_000,
    },
    // A browser may name a relay protocol on any candidate; only a relay candidate's counts.
    { id: 'L1', type: 'local-candidate', candidateType: 'host', protocol: 'udp', relayProtocol: 'udp' },
    { id: 'L2', type: 'local-candidate', candidateType: 'relay', protocol: 'udp', relayProtocol: 'tls' },
    { id: 'R1', type: 'remote-candidate', candidateType: 'srflx', protocol: 'udp' },
    {
      id: 'IV',
      type: 'inbound-rtp',
      kind: 'video',
      packetsReceived: 900 * seconds,
      packetsLost: lostIn,
      bytesReceived: 125_000 * seconds,
      framesDecoded: 30 * seconds,
      framesDropped: 2,
      freezeCount: 1,
      totalFreezesDuration: 0.5,
      frameWidth: 640,
      frameHeight: 360,
      framesPerSecond: 30,
      jitter: 0.02,
    },
    {
      id: 'IA',
      type: 'inbound-rtp',
      kind: 'audio',
      packetsReceived: 100 * seconds,
      packetsLost: 0,
      bytesReceived: 0,
      jitter: 0.005,
    },
    { id: 'OV', type: 'outbound-rtp', kind: 'video', packetsSent: 1000 * seconds, bytesSent: 250_000 * seconds },
    { id: 'RV', type: 'remote-inbound-rtp', kind: 'video', packetsLost: lostOut, roundTripTime: 0.05 },
  ]);
}

describe('buildQualitySample', () => {
  it('reads the selected pair through the transport, with the relay protocol of the local candidate', () => {
    const sample = buildQualitySample(facts, null, relayedCall(10, 0, 0));
    expect(sample).toMatchObject({
      localCandidateType: 'relay',
      remoteCandidateType: 'srflx',
      protocol: 'udp',
      relayProtocol: 'tls',
      rttMs: 42,
      availableOutgoingBitrateKbps: 1234,
    });
  });

  it('falls back to the nominated succeeded pair without a transport entry, and has no relay protocol on host', () => {
    const current = relayedCall(10, 0, 0);
    const stats = new Map(current.stats);
    stats.delete('T');
    const sample = buildQualitySample(facts, null, { ...current, stats });
    expect(sample).toMatchObject({ localCandidateType: 'host', remoteCandidateType: 'srflx', relayProtocol: null });
  });

  it('takes loss and bitrates from the difference of two readings, cumulative counts from the last', () => {
    const sample = buildQualitySample(facts, relayedCall(10, 0, 0), relayedCall(20, 1000, 500));
    // In: 10 s × 1000 packets received, 1000 lost of 11 000 expected. Out: 500 lost of 10 000 sent.
    expect(sample.lossInPercent).toBe(9.1);
    expect(sample.lossOutPercent).toBe(5);
    expect(sample.packetsLostIn).toBe(1000);
    expect(sample.packetsReceivedIn).toBe(20_000);
    expect(sample.packetsLostOut).toBe(500);
    expect(sample.packetsSentOut).toBe(20_000);
    expect(sample.bitrateInKbps).toBe(1000);
    expect(sample.bitrateOutKbps).toBe(2000);
    expect(sample).toMatchObject({
      jitterMs: 5,
      framesDecoded: 600,
      framesDropped: 2,
      freezeCount: 1,
      totalFreezesDurationMs: 500,
      frameWidth: 640,
      frameHeight: 360,
      framesPerSecond: 30,
    });
  });

  it('counts loss from the stream’s start when the earlier reading was taken before media or receiver reports', () => {
    const withoutStats = (reading: StatsSnapshot, ...ids: string[]): StatsSnapshot => {
      const stats = new Map(reading.stats);
      for (const id of ids) stats.delete(id);
      return { ...reading, stats };
    };
    const now = relayedCall(20, 1000, 500);
    // In: 1000 lost of 21 000 expected since the start. Out: 500 lost of 20 000 sent since the start.
    const beforeMedia = buildQualitySample(facts, withoutStats(relayedCall(2, 0, 0), 'IV', 'IA', 'OV', 'RV'), now);
    expect([beforeMedia.lossInPercent, beforeMedia.lossOutPercent]).toEqual([4.8, 2.5]);
    const beforeReports = buildQualitySample(facts, withoutStats(relayedCall(2, 0, 0), 'RV'), now);
    expect([beforeReports.lossInPercent, beforeReports.lossOutPercent]).toEqual([5.3, 2.5]);
  });

  it('leaves every figure the browser did not report null, and the sample still passes the contract', () => {
    const sample = buildQualitySample(
      { ...facts, outcome: 'connecting', timeToConnectMs: null },
      null,
      snapshot(5, []),
    );
    const { peerId, final, outcome, iceRestarts, timeToFirstFrameMs, ...figures } = sample;
    expect({ peerId, final, outcome, iceRestarts, timeToFirstFrameMs }).toEqual({
      peerId: 'p-a',
      final: false,
      outcome: 'connecting',
      iceRestarts: 0,
      timeToFirstFrameMs: 1200,
    });
    expect(Object.values(figures).every((value) => value === null)).toBe(true);
    expect(checkQualitySample({ ...sample }).ok).toBe(true);
    expect(checkQualitySample({ ...buildQualitySample(facts, relayedCall(1, 0, 0), relayedCall(2, 3, 4)) }).ok).toBe(
      true,
    );
  });

  it('never reports a negative lost count (duplicates) or a loss without packets', () => {
    const sample = buildQualitySample(facts, relayedCall(10, 0, 0), relayedCall(10.001, -5, 0));
    expect(sample.packetsLostIn).toBe(0);
    const idle = buildQualitySample(facts, relayedCall(10, 0, 0), relayedCall(10, 0, 0));
    expect([idle.lossInPercent, idle.lossOutPercent, idle.bitrateInKbps]).toEqual([null, null, null]);
  });
});

describe('firstFrameArrived', () => {
  it('waits for a decoded video frame while video packets flow', () => {
    const frames = (framesDecoded: number) =>
      snapshot(1, [
        { id: 'IV', type: 'inbound-rtp', kind: 'video', packetsReceived: 10, framesDecoded },
        { id: 'IA', type: 'inbound-rtp', kind: 'audio', packetsReceived: 10 },
      ]);
    expect(firstFrameArrived(frames(0))).toBe(false);
    expect(firstFrameArrived(frames(1))).toBe(true);
  });

  it('counts the first audio when the peer sends no video', () => {
    expect(
      firstFrameArrived(
        snapshot(1, [
          { id: 'IV', type: 'inbound-rtp', kind: 'video', packetsReceived: 0, framesDecoded: 0 },
          { id: 'IA', type: 'inbound-rtp', kind: 'audio', packetsReceived: 3 },
        ]),
      ),
    ).toBe(true);
    expect(firstFrameArrived(snapshot(1, []))).toBe(false);
  });

  it('does not take the first audio for the first frame while the peer’s video is on its way', () => {
    const audioOnly = snapshot(1, [{ id: 'IA', type: 'inbound-rtp', kind: 'audio', packetsReceived: 8 }]);
    expect(firstFrameArrived(audioOnly, true)).toBe(false);
    expect(
      firstFrameArrived(
        snapshot(2, [
          { id: 'IV', type: 'inbound-rtp', kind: 'video', packetsReceived: 4, framesDecoded: 1 },
          { id: 'IA', type: 'inbound-rtp', kind: 'audio', packetsReceived: 20 },
        ]),
        true,
      ),
    ).toBe(true);
  });
});
