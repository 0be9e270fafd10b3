import { PeerStats } from './call-stats';
import { networkIndicator } from './network-indicator';

const figures = (changes: Partial<PeerStats> = {}) =>
  ({
    rttMs: 30,
    jitterMs: 5,
    packetLossPercent: 0,
    lossOutPercent: 0,
    availableOutgoingBitrateKbps: 2000,
    qualityLimitationReason: 'none',
    ...changes,
  }) as PeerStats;

describe('networkIndicator', () => {
  it('is good on a clean, fast path', () => {
    expect(networkIndicator(figures())).toEqual({ band: 'good', reason: null });
  });

  it('is fair or poor for loss, in either direction', () => {
    expect(networkIndicator(figures({ packetLossPercent: 6 }))).toEqual({ band: 'fair', reason: 'loss' });
    expect(networkIndicator(figures({ lossOutPercent: 16 }))).toEqual({ band: 'poor', reason: 'loss' });
  });

  it('is fair or poor for delay', () => {
    expect(networkIndicator(figures({ rttMs: 300 }))).toEqual({ band: 'fair', reason: 'delay' });
    expect(networkIndicator(figures({ rttMs: 900, jitterMs: 100 }))).toEqual({ band: 'poor', reason: 'delay' });
  });

  it('is fair for bandwidth when the sender is held back by it, or has little to send with', () => {
    expect(
      networkIndicator(figures({ qualityLimitationReason: 'bandwidth', availableOutgoingBitrateKbps: 400 })),
    ).toEqual({
      band: 'fair',
      reason: 'bandwidth',
    });
    expect(networkIndicator(figures({ availableOutgoingBitrateKbps: 90 }))).toEqual({
      band: 'fair',
      reason: 'bandwidth',
    });
    expect(networkIndicator(figures({ qualityLimitationReason: 'cpu' }))).toEqual({ band: 'good', reason: null });
    // Chromium's own slow climb back after the start: plenty estimated, still "bandwidth".
    expect(networkIndicator(figures({ qualityLimitationReason: 'bandwidth' }))).toEqual({ band: 'good', reason: null });
  });

  it('shows nothing before a round trip was measured', () => {
    expect(networkIndicator(undefined)).toBeNull();
    expect(networkIndicator(figures({ rttMs: null }))).toBeNull();
  });
});
