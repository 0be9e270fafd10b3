import { connectivityVerdict, GatheringResult, hasTurnServer, parseCandidate } from './connectivity-check';

const gathered = (types: string[], errorCodes: number[] = []): GatheringResult => ({
  candidates: types.map((type, i) => {
    const candidate = parseCandidate(`candidate:${i} 1 udp 100 192.0.2.${i} 5000 typ ${type}`, i);
    if (!candidate) throw new Error('unparsed');
    return candidate;
  }),
  errors: errorCodes.map((errorCode) => ({ url: 'turn:turn.example.org:3478', errorCode, errorText: '' })),
  durationMs: 100,
  timedOut: false,
});

describe('connectivity check', () => {
  it('reads type, protocol, address and port from a candidate line', () => {
    expect(
      parseCandidate('candidate:1 1 UDP 41885439 203.0.113.7 61000 typ relay raddr 0.0.0.0 rport 0', 12),
    ).toMatchObject({
      type: 'relay',
      protocol: 'udp',
      address: '203.0.113.7',
      port: 61000,
      atMs: 12,
    });
    expect(parseCandidate('garbage', 0)).toBeNull();
  });

  it('knows whether the servers include TURN', () => {
    expect(hasTurnServer([{ urls: ['stun:stun.example.org'] }])).toBe(false);
    expect(hasTurnServer([{ urls: ['stun:s'] }, { urls: 'turns:turn.example.org:5349' }])).toBe(true);
  });

  it('gives each verdict', () => {
    expect(connectivityVerdict(false, gathered(['host', 'srflx']))).toBe('no-turn');
    expect(connectivityVerdict(true, gathered(['host', 'srflx', 'relay']))).toBe('turn-works');
    expect(connectivityVerdict(true, gathered(['host'], [401]))).toBe('credentials-rejected');
    expect(connectivityVerdict(true, gathered(['host'], [701]))).toBe('turn-unreachable');
  });
});
