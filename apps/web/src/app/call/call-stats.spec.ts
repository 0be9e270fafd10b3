import { computePeerStats, RtcStat, StatsSnapshot } from './call-stats';

function snapshot(timestamp: number, stats: Omit<RtcStat, 'timestamp'>[]): StatsSnapshot {
  return { timestamp, stats: new Map(stats.map((s) => [s.id, { ...s, timestamp }])) };
}

const pairStats = (localType: string, rtt: number) => [
  { id: 'T1', type: 'transport', selectedCandidatePairId: 'CP1' },
  { id: 'CP1', type: 'candidate-pair', localCandidateId: 'L1', remoteCandidateId: 'R1', currentRoundTripTime: rtt },
  { id: 'L1', type: 'local-candidate', candidateType: localType },
  { id: 'R1', type: 'remote-candidate', candidateType: 'host' },
  { id: 'C1', type: 'codec', mimeType: 'video/VP8' },
];

describe('computePeerStats', () => {
  const before = snapshot(10_000, [
    ...pairStats('host', 0.04),
    {
      id: 'IV',
      type: 'inbound-rtp',
      kind: 'video',
      bytesReceived: 100_000,
      packetsReceived: 900,
      packetsLost: 10,
      framesDecoded: 300,
      codecId: 'C1',
    },
    { id: 'IA', type: 'inbound-rtp', kind: 'audio', bytesReceived: 20_000, packetsReceived: 100, packetsLost: 0 },
    { id: 'OV', type: 'outbound-rtp', kind: 'video', bytesSent: 200_000 },
    { id: 'OA', type: 'outbound-rtp', kind: 'audio', bytesSent: 10_000 },
  ]);
  const after = snapshot(12_000, [
    ...pairStats('host', 0.052),
    {
      id: 'IV',
      type: 'inbound-rtp',
      kind: 'video',
      bytesReceived: 350_000,
      packetsReceived: 1_090,
      packetsLost: 20,
      framesDecoded: 360,
      frameWidth: 1280,
      frameHeight: 720,
      codecId: 'C1',
    },
    {
      id: 'IA',
      type: 'inbound-rtp',
      kind: 'audio',
      bytesReceived: 32_000,
      packetsReceived: 200,
      packetsLost: 0,
      audioLevel: 0.2,
    },
    { id: 'OV', type: 'outbound-rtp', kind: 'video', bytesSent: 450_000 },
    { id: 'OA', type: 'outbound-rtp', kind: 'audio', bytesSent: 22_000 },
  ]);

  it('derives bitrates, loss and frame rate from the difference between two snapshots', () => {
    const stats = computePeerStats(before, after);
    // (350000-100000 + 32000-20000) bytes * 8 / 2 s = 1048 kbit/s
    expect(stats.bitrateInKbps).toBe(1048);
    // (450000-200000 + 22000-10000) * 8 / 2 s
    expect(stats.bitrateOutKbps).toBe(1048);
    // 10 lost of 290 + 10 expected
    expect(stats.packetLossPercent).toBe(3.3);
    expect(stats.frameRate).toBe(30);
  });

  it('reads RTT, resolution, codec and candidate type from the selected pair and inbound video', () => {
    const stats = computePeerStats(before, after);
    expect(stats).toMatchObject({
      rttMs: 52,
      resolution: '1280×720',
      codec: 'VP8',
      candidateType: 'host',
      relayed: false,
      audioLevel: 0.2,
    });
  });

  it('marks the connection relayed when the selected pair uses a TURN relay candidate', () => {
    const relayed = snapshot(1, pairStats('relay', 0.1));
    expect(computePeerStats(null, relayed)).toMatchObject({ relayed: true, candidateType: 'relay' });
  });

  it('has no rates from a single snapshot and ignores counters that went backwards', () => {
    const first = computePeerStats(null, after);
    expect([first.bitrateInKbps, first.bitrateOutKbps, first.packetLossPercent]).toEqual([null, null, null]);
    expect(computePeerStats(after, before).bitrateInKbps).toBeNull();
  });
});
