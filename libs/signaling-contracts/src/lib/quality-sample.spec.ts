import { SignalingErrorCode } from './error-codes';
import { parseClientMessage } from './parse-client-message';
import { checkQualitySample, MAX_QUALITY_SAMPLE_LENGTH, QualitySample } from './quality-sample';

const sample: QualitySample = {
  peerId: 'peer-1',
  final: false,
  outcome: 'connected',
  timeToConnectMs: 420,
  timeToFirstFrameMs: 610,
  localCandidateType: 'relay',
  remoteCandidateType: 'srflx',
  protocol: 'udp',
  relayProtocol: 'tls',
  rttMs: 48.5,
  jitterMs: 3.2,
  packetsLostIn: 4,
  packetsReceivedIn: 996,
  packetsLostOut: 0,
  packetsSentOut: 1000,
  lossInPercent: 0.4,
  lossOutPercent: 0,
  bitrateInKbps: 1200,
  bitrateOutKbps: 1100,
  framesDecoded: 300,
  framesDropped: 2,
  freezeCount: 0,
  totalFreezesDurationMs: 0,
  frameWidth: 1280,
  frameHeight: 720,
  framesPerSecond: 30,
  iceRestarts: 1,
  availableOutgoingBitrateKbps: 2500,
};

const check = (data: object) => checkQualitySample(data as Record<string, unknown>);
const refusal = (data: object) => {
  const result = check(data);
  if (result.ok) throw new Error('the sample was accepted');
  return result;
};

describe('checkQualitySample', () => {
  it('accepts a complete sample and returns it field for field', () => {
    expect(check(sample)).toEqual({ ok: true, sample });
  });

  it('fills figures and candidate fields left out with null, and iceRestarts with 0', () => {
    const result = check({ peerId: 'p', final: true, outcome: 'never-connected' });
    expect(result).toEqual({
      ok: true,
      sample: expect.objectContaining({ rttMs: null, localCandidateType: null, protocol: null, iceRestarts: 0 }),
    });
  });

  it('copies only the fields it knows, into a new object', () => {
    const result = check(sample);
    expect(result.ok && result.sample).not.toBe(sample);
    expect(Object.keys(result.ok ? result.sample : {}).sort()).toEqual(Object.keys(sample).sort());
  });

  it('refuses a field it does not know', () => {
    expect(refusal({ ...sample, userAgent: 'x' })).toMatchObject({
      tooLarge: false,
      message: expect.stringContaining('userAgent'),
    });
  });

  it('refuses a sample larger than the limit as too large, before anything else', () => {
    const big = { ...sample, padding: 'x'.repeat(MAX_QUALITY_SAMPLE_LENGTH) };
    expect(refusal(big).tooLarge).toBe(true);
  });

  it('refuses values outside the enums', () => {
    expect(refusal({ ...sample, outcome: 'great' }).message).toContain('outcome');
    expect(refusal({ ...sample, localCandidateType: 'turn' }).message).toContain('localCandidateType');
    expect(refusal({ ...sample, remoteCandidateType: 1 }).message).toContain('remoteCandidateType');
    expect(refusal({ ...sample, protocol: 'quic' }).message).toContain('protocol');
    expect(refusal({ ...sample, relayProtocol: 'dtls' }).message).toContain('relayProtocol');
  });

  it('refuses negative, non-numeric and absurdly large figures', () => {
    expect(refusal({ ...sample, rttMs: -1 }).message).toContain('rttMs');
    expect(refusal({ ...sample, jitterMs: '3' }).message).toContain('jitterMs');
    expect(refusal({ ...sample, bitrateInKbps: 1e10 }).message).toContain('bitrateInKbps');
    expect(refusal({ ...sample, iceRestarts: 1.5 }).message).toContain('iceRestarts');
    expect(refusal({ ...sample, iceRestarts: -1 }).message).toContain('iceRestarts');
  });

  it('refuses NaN and Infinity, which JSON cannot carry but a caller could pass', () => {
    expect(refusal({ ...sample, rttMs: Number.NaN }).message).toContain('rttMs');
    expect(refusal({ ...sample, framesDecoded: Number.POSITIVE_INFINITY }).message).toContain('framesDecoded');
  });

  it('refuses a loss above 100 %', () => {
    expect(refusal({ ...sample, lossInPercent: 100.5 }).message).toContain('lossInPercent');
    expect(refusal({ ...sample, lossOutPercent: 101 }).message).toContain('lossOutPercent');
    expect(check({ ...sample, lossInPercent: 100 }).ok).toBe(true);
  });

  it('refuses a sample without a peer id, a final flag or an outcome', () => {
    const { peerId: _peerId, ...withoutPeer } = sample;
    expect(refusal(withoutPeer).message).toContain('peerId');
    expect(refusal({ ...sample, peerId: '' }).message).toContain('peerId');
    expect(refusal({ ...sample, peerId: 'p'.repeat(65) }).message).toContain('peerId');
    expect(refusal({ ...sample, final: 'yes' }).message).toContain('final');
    const { outcome: _outcome, ...withoutOutcome } = sample;
    expect(refusal(withoutOutcome).message).toContain('outcome');
  });
});

describe('parseClientMessage: stats', () => {
  const frame = (data: unknown, id?: number) => JSON.stringify({ event: 'stats', data, id });

  it('passes a valid sample on with the frame ref', () => {
    expect(parseClientMessage(frame(sample, 7))).toEqual({
      ok: true,
      message: { event: 'stats', data: sample },
      ref: 7,
    });
  });

  it('answers invalid-message for a bad sample, with the frame ref', () => {
    expect(parseClientMessage(frame({ ...sample, rttMs: -5 }, 8))).toMatchObject({
      ok: false,
      code: SignalingErrorCode.InvalidMessage,
      ref: 8,
    });
    expect(parseClientMessage(frame({ ...sample, extra: true }))).toMatchObject({
      ok: false,
      code: SignalingErrorCode.InvalidMessage,
    });
  });

  it('answers message-too-large for an oversized sample', () => {
    expect(parseClientMessage(frame({ ...sample, padding: 'x'.repeat(4096) }, 9))).toMatchObject({
      ok: false,
      code: SignalingErrorCode.MessageTooLarge,
      ref: 9,
    });
  });
});
