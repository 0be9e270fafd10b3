import { backoffDelay, closeVerdict, restartDelay } from './reconnect-policy';

describe('backoffDelay', () => {
  it('is the random share of a ceiling that doubles from 0.5 s and stops at 8 s', () => {
    const half = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 9].map((attempt) => backoffDelay(attempt, half))).toEqual([
      250, 500, 1000, 2000, 4000, 4000, 4000,
    ]);
  });

  it('spreads clients over the whole interval (full jitter), from 0 up to the ceiling', () => {
    expect(backoffDelay(3, () => 0)).toBe(0);
    expect(backoffDelay(3, () => 0.1)).toBe(400);
    expect(backoffDelay(3, () => 0.999)).toBeCloseTo(3996);
  });
});

describe('restartDelay', () => {
  it('brings a restarted server its clients back within 2 s, spread out', () => {
    expect([0, 0.25, 0.999].map((r) => restartDelay(() => r))).toEqual([0, 500, 1998]);
  });
});

describe('closeVerdict', () => {
  it.each([
    [1001, { kind: 'restart' }],
    [1012, { kind: 'restart' }],
    [4401, { kind: 'reauthorize' }],
    [4403, { kind: 'fatal', reason: 'account-disabled' }],
    [4429, { kind: 'fatal', reason: 'too-many-sockets' }],
    [1008, { kind: 'fatal', reason: 'policy-violation' }],
    [1009, { kind: 'fatal', reason: 'policy-violation' }],
    [1006, { kind: 'retry' }],
    [1011, { kind: 'retry' }],
    [1000, { kind: 'retry' }],
  ])('judges close code %s', (code, verdict) => {
    expect(closeVerdict(code)).toEqual(verdict);
  });
});
