import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * How a home's router maps and filters its hosts' UDP:
 * - `endpoint-independent`: one public port per host port whatever the destination (Linux masquerade
 *   keeps the port), so the address STUN reports is the one peers reach; filtering stays stateful.
 * - `symmetric`: a new random public port per destination, so the STUN-reported address is useless
 *   to peers and only a relay works.
 * - `udp-blocked`: endpoint-independent, but UDP out of the home is dropped except DNS: only TCP
 *   reaches the TURN server.
 */
export type NatBehaviour = 'endpoint-independent' | 'symmetric' | 'udp-blocked';

export interface Home {
  /** The namespace the home's host (and its browser) runs in. */
  readonly namespace: string;
  readonly hostAddress: string;
  /** The router's address on the public network, where the home's traffic appears from. */
  publicAddress: string;
  /** An executable that runs Debian's Chromium inside the home, for playwright-core's executablePath. */
  readonly chromium: string;
  /**
   * Gives the router a new public address, as a reconnect of its uplink does: every mapping it held is
   * gone (masquerade drops them with the old address) and the home appears from elsewhere.
   */
  changePublicAddress(): void;
}

export interface NatNetwork {
  /** The server's address on the "public" network (the API and coturn listen here). */
  readonly publicAddress: string;
  readonly homes: Home[];
  destroy(): void;
}

/** Only the benchmarking range 198.18.0.0/15: nothing here can exist on a real network. */
const PUBLIC_PREFIX = '198.18.0';
const HOME_PREFIX = '198.19';

function run(command: string, ...args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

function inNamespace(namespace: string, command: string, ...args: string[]): string {
  return run('ip', 'netns', 'exec', namespace, command, ...args);
}

function nft(namespace: string, rules: string): void {
  execFileSync('ip', ['netns', 'exec', namespace, 'nft', '-f', '-'], { input: rules, stdio: ['pipe', 'pipe', 'pipe'] });
}

function natRules(behaviour: NatBehaviour): string {
  const mapping = behaviour === 'symmetric' ? 'masquerade random' : 'masquerade';
  const blockUdp = behaviour === 'udp-blocked' ? 'iifname "home" udp dport != 53 drop' : '';
  // Unsolicited packets from outside are dropped, as home routers do. Dropped before their connection is
  // confirmed, they leave no conntrack entry behind: a peer's first check arriving before ours went out
  // must not take the port our own mapping will need (Linux would then pick another port, which is
  // no longer endpoint-independent).
  return `table ip homenat {
  chain postrouting {
    type nat hook postrouting priority 100; policy accept;
    oifname "wan" ${mapping}
  }
}
table inet homefilter {
  chain input {
    type filter hook input priority 0; policy accept;
    iifname "wan" ct state new drop
  }
  chain forward {
    type filter hook forward priority 0; policy accept;
    iifname "wan" ct state new drop
    ${blockUdp}
  }
}
`;
}

/**
 * A "public" network: an "internet" namespace routing between the server (this namespace, at
 * 198.18.0.1) and one router per home (at 198.18.<n>.2). Each home is a host namespace behind its own
 * router namespace, which NATs it onto the public network; homes have no route to each other. Needs
 * root, iproute2 and nftables; `destroy` removes everything, and nothing outside the benchmarking
 * range is touched.
 */
export function createNatNetwork(behaviours: NatBehaviour[]): NatNetwork {
  const id = randomBytes(3).toString('hex');
  const internet = `wc${id}i`;
  const serverLink = `wc${id}s`;
  const namespaces: string[] = [];
  const workDir = mkdtempSync(join(tmpdir(), 'webrtc-call-nat-'));
  const destroy = () => {
    for (const namespace of namespaces.splice(0)) {
      try {
        run('ip', 'netns', 'del', namespace);
      } catch {
        // already gone
      }
    }
    try {
      // Usually gone with its peer's namespace; its route goes with it.
      run('ip', 'link', 'del', serverLink);
    } catch {
      // already gone
    }
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    namespaces.push(internet);
    run('ip', 'netns', 'add', internet);
    inNamespace(internet, 'ip', 'link', 'set', 'lo', 'up');
    inNamespace(internet, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1');
    run('ip', 'link', 'add', serverLink, 'type', 'veth', 'peer', 'name', 'srv', 'netns', internet);
    run('ip', 'addr', 'add', `${PUBLIC_PREFIX}.1/24`, 'dev', serverLink);
    run('ip', 'link', 'set', serverLink, 'up');
    inNamespace(internet, 'ip', 'addr', 'add', `${PUBLIC_PREFIX}.2/24`, 'dev', 'srv');
    inNamespace(internet, 'ip', 'link', 'set', 'srv', 'up');
    // The routers' public addresses are reached through the internet namespace.
    run('ip', 'route', 'add', '198.18.0.0/16', 'via', `${PUBLIC_PREFIX}.2`, 'dev', serverLink);
    const homes = behaviours.map((behaviour, index) => {
      const n = index + 1;
      const router = `wc${id}r${n}`;
      const host = `wc${id}h${n}`;
      namespaces.push(router, host);
      run('ip', 'netns', 'add', router);
      run('ip', 'netns', 'add', host);
      for (const namespace of [router, host]) inNamespace(namespace, 'ip', 'link', 'set', 'lo', 'up');
      // The router's uplink: "r<n>" in the internet namespace, "wan" in the router.
      run(
        'ip',
        'link',
        'add',
        `wc${id}u${n}`,
        'netns',
        internet,
        'type',
        'veth',
        'peer',
        'name',
        'wan',
        'netns',
        router,
      );
      inNamespace(internet, 'ip', 'link', 'set', `wc${id}u${n}`, 'name', `r${n}`);
      inNamespace(internet, 'ip', 'addr', 'add', `198.18.${n}.1/24`, 'dev', `r${n}`);
      inNamespace(internet, 'ip', 'link', 'set', `r${n}`, 'up');
      const publicAddress = `198.18.${n}.2`;
      inNamespace(router, 'ip', 'addr', 'add', `${publicAddress}/24`, 'dev', 'wan');
      inNamespace(router, 'ip', 'link', 'set', 'wan', 'up');
      inNamespace(router, 'ip', 'route', 'add', 'default', 'via', `198.18.${n}.1`);
      // The home LAN: "home" in the router, "eth0" in the host.
      run('ip', 'link', 'add', `wc${id}l${n}`, 'netns', router, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host);
      inNamespace(router, 'ip', 'link', 'set', `wc${id}l${n}`, 'name', 'home');
      const hostAddress = `${HOME_PREFIX}.${n}.10`;
      inNamespace(router, 'ip', 'addr', 'add', `${HOME_PREFIX}.${n}.1/24`, 'dev', 'home');
      inNamespace(router, 'ip', 'link', 'set', 'home', 'up');
      inNamespace(host, 'ip', 'addr', 'add', `${hostAddress}/24`, 'dev', 'eth0');
      inNamespace(host, 'ip', 'link', 'set', 'eth0', 'up');
      inNamespace(host, 'ip', 'route', 'add', 'default', 'via', `${HOME_PREFIX}.${n}.1`);
      inNamespace(router, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1');
      nft(router, natRules(behaviour));
      const chromium = join(workDir, `chromium-home${n}`);
      writeFileSync(chromium, `#!/bin/sh\nexec ip netns exec ${host} /usr/bin/chromium "$@"\n`);
      chmodSync(chromium, 0o755);
      let generation = 0;
      const home: Home = {
        namespace: host,
        hostAddress,
        publicAddress,
        chromium,
        changePublicAddress: () => {
          const next = `198.18.${n}.${3 + generation++}`;
          // The default route goes with the old address; a secondary address would too.
          inNamespace(router, 'ip', 'addr', 'del', `${home.publicAddress}/24`, 'dev', 'wan');
          inNamespace(router, 'ip', 'addr', 'add', `${next}/24`, 'dev', 'wan');
          inNamespace(router, 'ip', 'route', 'replace', 'default', 'via', `198.18.${n}.1`);
          home.publicAddress = next;
        },
      };
      return home;
    });
    return { publicAddress: `${PUBLIC_PREFIX}.1`, homes, destroy };
  } catch (error) {
    destroy();
    throw error;
  }
}
