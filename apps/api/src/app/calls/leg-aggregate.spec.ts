import type { QualitySample } from '@webrtc-call/signaling-contracts';
import { aggregate, emptyLeg, foldSample, LegFigures, legScore, nextOutcome } from './leg-aggregate';
import { qualitySample as sample } from './quality-sample.fixture';

const fold = (samples: Array<[Partial<QualitySample>, 'a' | 'b']>): LegFigures =>
  samples.reduce((leg, [overrides, side]) => foldSample(leg, sample(overrides), side === 'a'), emptyLeg());

describe('nextOutcome', () => {
  it('keeps connected until a later sample says failed, and recovers after a restart', () => {
    expect(nextOutcome('connected', 'connecting')).toBe('connected');
    expect(nextOutcome('connected', 'closed-before-connected')).toBe('connected');
    expect(nextOutcome('connected', 'never-connected')).toBe('connected');
    expect(nextOutcome('connected', 'failed')).toBe('failed');
    expect(nextOutcome('failed', 'connected')).toBe('connected');
  });

  it('takes the outcome of a leg that ended unconnected only while it was still connecting', () => {
    expect(nextOutcome('connecting', 'never-connected')).toBe('never-connected');
    expect(nextOutcome('connecting', 'closed-before-connected')).toBe('closed-before-connected');
    expect(nextOutcome('never-connected', 'closed-before-connected')).toBe('never-connected');
    expect(nextOutcome('failed', 'never-connected')).toBe('failed');
    expect(nextOutcome('connecting', 'connecting')).toBe('connecting');
  });
});

describe('foldSample', () => {
  it('counts min, sum and max of both sides’ figures and leaves out what a sample did not have', () => {
    const leg = fold([
      [{ rttMs: 40, jitterMs: 2, lossInPercent: 0, bitrateInKbps: 1000 }, 'a'],
      [{ rttMs: 60, lossInPercent: 4, bitrateInKbps: 800 }, 'b'],
      [{ rttMs: null }, 'a'],
    ]);
    expect(leg.samples).toBe(3);
    expect(aggregate(leg, 'rtt')).toEqual({ count: 2, min: 40, avg: 50, max: 60 });
    expect(aggregate(leg, 'jitter')).toEqual({ count: 1, min: 2, avg: 2, max: 2 });
    expect(aggregate(leg, 'loss')).toEqual({ count: 2, min: 0, avg: 2, max: 4 });
    expect(aggregate(leg, 'bitrate')).toEqual({ count: 2, min: 800, avg: 900, max: 1000 });
  });

  it('has no aggregate, and no MOS, before any sample had the figure', () => {
    const leg = fold([[{ jitterMs: 3 }, 'a']]);
    expect(aggregate(leg, 'rtt')).toBeNull();
    expect(legScore(leg)).toEqual({ mos: null, band: null });
  });

  it('scores the leg from its averages with the shared E-model', () => {
    const good = fold([[{ rttMs: 30, jitterMs: 2, lossInPercent: 0 }, 'a']]);
    const bad = fold([[{ rttMs: 600, jitterMs: 80, lossInPercent: 12 }, 'a']]);
    expect(legScore(good)).toEqual({ mos: expect.any(Number), band: 'good' });
    expect(legScore(bad).band).toBe('poor');
    expect(legScore(good).mos as number).toBeGreaterThan(legScore(bad).mos as number);
  });

  it('keeps the candidate pair as a saw it, and mirrors b’s only until a reports', () => {
    const fromB = fold([
      [{ localCandidateType: 'relay', remoteCandidateType: 'host', protocol: 'udp', relayProtocol: 'tls' }, 'b'],
    ]);
    expect(fromB).toMatchObject({
      localCandidateType: 'host',
      remoteCandidateType: 'relay',
      relayProtocol: null,
      pairFromA: false,
    });
    const thenA = foldSample(
      fromB,
      sample({ localCandidateType: 'srflx', remoteCandidateType: 'relay', protocol: 'udp' }),
      true,
    );
    expect(thenA).toMatchObject({ localCandidateType: 'srflx', remoteCandidateType: 'relay', pairFromA: true });
    const bAgain = foldSample(thenA, sample({ localCandidateType: 'host', remoteCandidateType: 'host' }), false);
    expect(bAgain).toMatchObject({ localCandidateType: 'srflx', remoteCandidateType: 'relay' });
  });

  it('keeps the smallest times to connect and to the first frame, and the most ICE restarts', () => {
    const leg = fold([
      [{ timeToConnectMs: 900, timeToFirstFrameMs: 1500, iceRestarts: 2 }, 'a'],
      [{ timeToConnectMs: 700, iceRestarts: 1 }, 'b'],
      [{ timeToConnectMs: null, timeToFirstFrameMs: 1200 }, 'b'],
    ]);
    expect(leg).toMatchObject({ timeToConnectMs: 700, timeToFirstFrameMs: 1200, iceRestarts: 2 });
  });

  it('lets a final sample settle a leg that never connected, but not one that did', () => {
    expect(
      fold([
        [{ outcome: 'connecting' }, 'a'],
        [{ outcome: 'never-connected', final: true }, 'a'],
      ]).outcome,
    ).toBe('never-connected');
    expect(
      fold([
        [{ outcome: 'connected' }, 'a'],
        [{ outcome: 'closed-before-connected', final: true }, 'b'],
      ]).outcome,
    ).toBe('connected');
  });

  it('does not change the leg it was given', () => {
    const leg = emptyLeg();
    foldSample(leg, sample({ rttMs: 10 }), true);
    expect(leg).toEqual(emptyLeg());
  });
});
