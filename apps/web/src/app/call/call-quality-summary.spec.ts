import { QualitySample } from '@webrtc-call/signaling-contracts';
import { CallQualityLog } from './call-quality-summary';
import { durationWords, legWords } from './call-summary.component';

const sample = (changes: Partial<QualitySample>): QualitySample => ({
  peerId: 'p-a',
  final: false,
  outcome: 'connected',
  timeToConnectMs: 500,
  timeToFirstFrameMs: 900,
  localCandidateType: 'host',
  remoteCandidateType: 'host',
  protocol: 'udp',
  relayProtocol: null,
  rttMs: 20,
  jitterMs: 4,
  packetsLostIn: 0,
  packetsReceivedIn: 1000,
  packetsLostOut: 0,
  packetsSentOut: 1000,
  lossInPercent: 0,
  lossOutPercent: 0,
  bitrateInKbps: 900,
  bitrateOutKbps: 900,
  framesDecoded: 300,
  framesDropped: 0,
  freezeCount: 0,
  totalFreezesDurationMs: 0,
  frameWidth: 1280,
  frameHeight: 720,
  framesPerSecond: 30,
  iceRestarts: 0,
  availableOutgoingBitrateKbps: 2500,
  ...changes,
});

describe('CallQualityLog', () => {
  it('sums each peer up: band, average round trip, loss over the whole leg, and the path', () => {
    const log = new CallQualityLog();
    log.record(sample({ rttMs: 20 }), 'Alice');
    log.record(sample({ rttMs: 40, final: true, packetsLostIn: 10, packetsReceivedIn: 1990 }), 'Alice');
    log.record(sample({ peerId: 'p-b', rttMs: 250, localCandidateType: 'relay', packetsLostOut: 50 }), 'Bob');
    log.record(
      sample({ peerId: 'p-b', rttMs: null, localCandidateType: null, remoteCandidateType: null, packetsLostOut: 50 }),
      'Bob',
    );
    // A leg that went through the relay at any time counts as relayed, even if it later found a direct path.
    log.record(sample({ peerId: 'p-b', rttMs: null, packetsLostOut: 50 }), 'Bob');
    expect(log.summarize(75_000)).toEqual({
      durationMs: 75_000,
      legs: [
        {
          peerId: 'p-a',
          name: 'Alice',
          outcome: 'connected',
          band: 'good',
          averageRttMs: 30,
          lossPercent: 0.5,
          path: 'direct',
        },
        {
          peerId: 'p-b',
          name: 'Bob',
          outcome: 'connected',
          band: 'fair',
          averageRttMs: 250,
          lossPercent: 5,
          path: 'relay',
        },
      ],
    });
  });

  it('names a leg that never connected as such, without figures', () => {
    const log = new CallQualityLog();
    const none = {
      rttMs: null,
      jitterMs: null,
      localCandidateType: null,
      remoteCandidateType: null,
      packetsReceivedIn: null,
      packetsSentOut: null,
    };
    log.record(sample({ ...none, outcome: 'never-connected', final: true }), 'Carol');
    const [leg] = log.summarize(1000).legs;
    expect(leg).toMatchObject({ band: null, averageRttMs: null, lossPercent: null, path: null });
    expect(legWords(leg)).toBe('could not connect');
  });
});

describe('summary words', () => {
  it('says how long the call lasted', () => {
    expect([45_000, 192_000, 3_900_000].map(durationWords)).toEqual(['45 s', '3 min 12 s', '1 h 5 min']);
  });

  it('says per peer the band, round trip, loss and path', () => {
    expect(
      legWords({
        peerId: 'p',
        name: 'A',
        outcome: 'connected',
        band: 'fair',
        averageRttMs: 120,
        lossPercent: 2.5,
        path: 'relay',
      }),
    ).toBe('fair · 120 ms round trip · 2.5 % loss · through the relay server');
  });
});
