import { readFileSync } from 'node:fs';
import { DEV_CONFIG } from '@webrtc-call/turn/coturn';
import { render } from '@webrtc-call/turn/render-config';

const SECRET = 'a-turn-secret-of-at-least-32-chars';
const lines = (config: string, key: string) =>
  config
    .split('\n')
    .filter((line) => line.startsWith(`${key}=`) || line === key)
    .map((line) => line.slice(key.length + 1));

describe('rendered production coturn configuration', () => {
  const minimal = render({ TURN_SECRET: SECRET, TURN_REALM: 'turn.example.org' });

  it('relays UDP only, with per-user and total allocation quotas', () => {
    expect(minimal).toMatch(/^no-tcp-relay$/m);
    expect(minimal).not.toMatch(/^(allow-loopback-peers|tcp-relay)/m);
    expect(Number(lines(minimal, 'user-quota')[0])).toBeGreaterThan(0);
    expect(Number(lines(minimal, 'total-quota')[0])).toBeGreaterThan(Number(lines(minimal, 'user-quota')[0]));
  });

  it('denies its own external and listening addresses as relay peers, each once', () => {
    const config = render({
      TURN_SECRET: SECRET,
      TURN_REALM: 'turn.example.org',
      TURN_EXTERNAL_IP: '1.2.3.4/10.0.0.5',
      TURN_LISTENING_IPS: '10.0.0.5, 2a01:4f8::5',
    });
    expect(lines(config, 'external-ip')).toEqual(['1.2.3.4/10.0.0.5']);
    expect(lines(config, 'listening-ip')).toEqual(['10.0.0.5', '2a01:4f8::5']);
    const denied = lines(config, 'denied-peer-ip');
    expect(denied.filter((rule) => !lines(minimal, 'denied-peer-ip').includes(rule))).toEqual([
      '1.2.3.4',
      '10.0.0.5',
      '2a01:4f8::5',
    ]);
  });

  it('lists no rule coturn would read as every address, even when told to listen on all of them', () => {
    const config = render({
      TURN_SECRET: SECRET,
      TURN_REALM: 'turn.example.org',
      TURN_LISTENING_IPS: '0.0.0.0,::',
    });
    // coturn treats an all-zero bound as "any": such a rule would refuse every peer.
    const allZero = /^(0\.0\.0\.0|[0:]+)$/;
    for (const rule of lines(config, 'denied-peer-ip')) {
      const [low, high = low] = rule.split('-');
      expect({ rule, wildcard: allZero.test(high) || (allZero.test(low) && low === high) }).toEqual({
        rule,
        wildcard: false,
      });
    }
  });

  it('writes one static-auth-secret per secret of a rotation list', () => {
    const other = `${SECRET}-previous`;
    expect(lines(render({ TURN_SECRET: `${SECRET}, ${other}`, TURN_REALM: 'r' }), 'static-auth-secret')).toEqual([
      SECRET,
      other,
    ]);
  });

  it('refuses secrets under 32 characters, addresses that are not IPs and values spanning lines', () => {
    expect(() => render({ TURN_SECRET: `${SECRET},short`, TURN_REALM: 'r' })).toThrow(
      /TURN_SECRET must be at least 32 characters.*secret 2/,
    );
    expect(() => render({ TURN_SECRET: SECRET, TURN_REALM: 'r', TURN_EXTERNAL_IP: 'turn.example.org' })).toThrow(
      /TURN_EXTERNAL_IP .* IP addresses/,
    );
    expect(() => render({ TURN_SECRET: SECRET, TURN_REALM: 'r', TURN_LISTENING_IPS: '10.0.0.5,eth0' })).toThrow(
      /TURN_LISTENING_IPS must list IP addresses; not eth0/,
    );
    expect(() => render({ TURN_SECRET: SECRET, TURN_REALM: 'r\nallow-loopback-peers' })).toThrow(
      /TURN_REALM must be a single line/,
    );
  });
});

describe('development coturn configuration', () => {
  it('relays UDP only and caps allocations too', () => {
    const config = readFileSync(DEV_CONFIG, 'utf8');
    expect(config).toMatch(/^no-tcp-relay$/m);
    expect(lines(config, 'user-quota')).toHaveLength(1);
    expect(lines(config, 'total-quota')).toHaveLength(1);
  });
});
