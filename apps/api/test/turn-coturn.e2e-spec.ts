import { createHmac } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { BlockList, isIPv4 } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningCoturn, startCoturn } from '@webrtc-call/turn/coturn';
import { render } from '@webrtc-call/turn/render-config';
import { signUp, startTestApp, TestApp } from './support/test-app';
import { TURN_ATTRIBUTE, TurnClient, xorIpv4 } from './support/turn-client';

const SECRETS = ['current-turn-secret-of-32-characters', 'previous-turn-secret-of-32-characters'];
/** Stands in for the server's public address: outside every range the template denies anyway. */
const OWN_PUBLIC_IP = '1.2.3.4';

async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

const sign = (secret: string, username: string) => createHmac('sha1', secret).update(username).digest('base64');
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

describe('coturn with the dev config and the API credentials (e2e)', () => {
  let workDir: string;
  let coturn: RunningCoturn;
  let t: TestApp;
  const clients: TurnClient[] = [];
  const client = (username: string, password: string) => {
    const c = new TurnClient({ host: '127.0.0.1', port: coturn.port }, username, password);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'webrtc-call-coturn-'));
    coturn = await startCoturn({ secrets: SECRETS, port: await freeUdpPort(), workDir });
    t = await startTestApp({ TURN_SECRET: SECRETS.join(','), TURN_URIS: coturn.uris.join(',') });
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    await t?.close();
    await coturn?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('allocates a relay with fresh credentials from the API', async () => {
    const { token } = await signUp(t);
    const res = await t.http.get('/api/turn/credentials').set('Authorization', `Bearer ${token}`).expect(200);
    const allocation = await client(res.body.username, res.body.password).allocate();
    expect(allocation.outcome).toBe('success');
  });

  it('accepts a credential signed with the second (rotation) secret', async () => {
    const username = `${inAnHour()}:rotating-user`;
    expect((await client(username, sign(SECRETS[1], username)).allocate()).outcome).toBe('success');
  });

  it('rejects an expired credential with 401', async () => {
    const username = `${Math.floor(Date.now() / 1000) - 60}:late-user`;
    expect((await client(username, sign(SECRETS[0], username)).allocate()).outcome).toBe(401);
  });

  it('rejects a wrong password with 401', async () => {
    const username = `${inAnHour()}:guessing-user`;
    expect((await client(username, 'bm90IHRoZSByaWdodCBwYXNzd29yZA==').allocate()).outcome).toBe(401);
  });

  it('lets a relay reach loopback peers, which local calls need', async () => {
    const username = `${inAnHour()}:local-caller`;
    const local = client(username, sign(SECRETS[0], username));
    expect((await local.allocate()).outcome).toBe('success');
    expect((await local.createPermission('127.0.0.1')).outcome).toBe('success');
  });

  it('rejects a credential signed with an unknown secret with 401', async () => {
    const username = `${inAnHour()}:forging-user`;
    expect((await client(username, sign('some-other-secret', username)).allocate()).outcome).toBe(401);
  });
});

describe('coturn with the production template (e2e, loopback only)', () => {
  let workDir: string;
  let coturn: RunningCoturn;
  let relay: TurnClient;
  let relay6: TurnClient;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'webrtc-call-coturn-prod-'));
    const configFile = join(workDir, 'production.conf');
    const rendered = render({
      TURN_SECRET: SECRETS[0],
      TURN_REALM: 'turn.test',
      TURN_LISTENING_IPS: '127.0.0.1',
      TURN_EXTERNAL_IP: OWN_PUBLIC_IP,
    });
    writeFileSync(configFile, rendered, { mode: 0o600 });
    coturn = await startCoturn({
      secrets: [],
      port: await freeUdpPort(),
      workDir,
      config: configFile,
      extraArgs: [
        ...['--relay-ip', '127.0.0.1', '--relay-ip', '::1'],
        ...['--min-port', '49400', '--max-port', '49450'],
      ],
    });
    const username = `${inAnHour()}:prober`;
    relay = new TurnClient({ host: '127.0.0.1', port: coturn.port }, username, sign(SECRETS[0], username));
    expect((await relay.allocate('ipv4')).outcome).toBe('success');
    relay6 = new TurnClient({ host: '127.0.0.1', port: coturn.port }, username, sign(SECRETS[0], username));
    expect((await relay6.allocate('ipv6')).outcome).toBe('success');
  });
  afterAll(async () => {
    relay?.close();
    relay6?.close();
    await coturn?.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it.each(['127.0.0.1', '0.0.0.0'])('refuses CreatePermission to %s with 403 (IPv4 relay)', async (peer) => {
    expect((await relay.createPermission(peer)).outcome).toBe(403);
  });

  it.each([
    ['its listening address', '127.0.0.1'],
    ['its external address', OWN_PUBLIC_IP],
  ])('refuses CreatePermission to the server itself, %s %s, with 403', async (_what, peer) => {
    expect((await relay.createPermission(peer)).outcome).toBe(403);
  });

  it('grants CreatePermission to a public peer that is not the server', async () => {
    expect((await relay.createPermission('1.2.3.5')).outcome).toBe('success');
  });

  it.each(['::1', '::', '::ffff:127.0.0.1'])('refuses CreatePermission to %s with 403 (IPv6 relay)', async (peer) => {
    expect((await relay6.createPermission(peer)).outcome).toBe(403);
  });
});

describe('production template peer rules (parsed, no traffic)', () => {
  // One list per family: a BlockList also matches IPv4 addresses against IPv6 rules, coturn does not.
  const denied = { ipv4: new BlockList(), ipv6: new BlockList() };
  beforeAll(() => {
    const template = readFileSync(join(__dirname, '../../../turn/turnserver.conf.template'), 'utf8');
    for (const [, value] of template.matchAll(/^denied-peer-ip=(.+)$/gm)) {
      const [start, end = start] = value.trim().split('-');
      const type = isIPv4(start) ? 'ipv4' : 'ipv6';
      denied[type].addRange(start, end, type);
    }
  });
  const isDenied = (ip: string) => (isIPv4(ip) ? denied.ipv4.check(ip, 'ipv4') : denied.ipv6.check(ip, 'ipv6'));

  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.1.10',
    '127.0.0.1',
    '0.0.0.0',
    '169.254.169.254',
    '100.64.0.1',
    '224.0.0.251',
    '::1',
    'fe80::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:10.0.0.1',
    '::ffff:192.168.0.1',
    '::ffff:169.254.169.254',
    '::ffff:127.0.0.1',
  ])('denies %s', (ip) => {
    expect(isDenied(ip)).toBe(true);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '2001:4860:4860::8888'])('allows the public address %s', (ip) => {
    expect(isDenied(ip)).toBe(false);
  });
});

describe('coturn behind a 1:1 NAT, as npm start runs it with TURN_EXTERNAL_IP (e2e)', () => {
  it('announces the external address in the handed-out URIs and in the relayed address of an allocation', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'webrtc-call-coturn-'));
    const coturn = await startCoturn({
      secrets: SECRETS,
      port: await freeUdpPort(),
      workDir,
      externalIp: '203.0.113.9',
    });
    try {
      expect(coturn.uris).toEqual([
        `turn:203.0.113.9:${coturn.port}?transport=udp`,
        `turn:203.0.113.9:${coturn.port}?transport=tcp`,
        `stun:203.0.113.9:${coturn.port}`,
      ]);
      const username = `${inAnHour()}:someone`;
      const authed = new TurnClient({ host: '127.0.0.1', port: coturn.port }, username, sign(SECRETS[0], username));
      const allocation = await authed.allocate();
      authed.close();
      expect(allocation.outcome).toBe('success');
      expect(xorIpv4(allocation.attributes.get(TURN_ATTRIBUTE.xorRelayedAddress))).toBe('203.0.113.9');
    } finally {
      await coturn.stop();
      rmSync(workDir, { recursive: true, force: true });
    }
  });
});
