// Starts coturn for development and tests and waits until it answers STUN.
'use strict';
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const dgram = require('node:dgram');
const { isIP } = require('node:net');
const { accessSync, constants, chmodSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { delimiter, join } = require('node:path');

const DEV_CONFIG = join(__dirname, 'turnserver.dev.conf');

/** Absolute path of `turnserver` on PATH, or null. */
function findTurnserver() {
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    const candidate = join(dir, 'turnserver');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** Sends one STUN Binding request; resolves true on any STUN success response. */
function stunBinding(port, host = '127.0.0.1', timeoutMs = 300) {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const request = Buffer.alloc(20);
    request.writeUInt16BE(0x0001, 0);
    request.writeUInt32BE(0x2112a442, 4);
    randomBytes(12).copy(request, 8);
    const done = (ok) => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('message', (msg) => done(msg.length >= 20 && msg.readUInt16BE(0) === 0x0101));
    socket.on('error', () => done(false));
    socket.send(request, port, host);
  });
}

/**
 * The dev config moved from loopback to `address`: it listens and relays there, announces itself as
 * `externalIp` (the public address when `address` sits behind a 1:1 NAT), and no longer relays to
 * loopback peers.
 */
function onAddress(configText, address, externalIp = address) {
  for (const ip of [address, externalIp]) {
    if (!isIP(ip)) throw new Error(`"${ip}" is not an IP address`);
  }
  const kept = configText
    .split('\n')
    .filter((line) => !/^(listening-ip|relay-ip|external-ip|allow-loopback-peers)\b/.test(line.trim()));
  const external = externalIp === address ? address : `${externalIp}/${address}`;
  return [...kept, `listening-ip=${address}`, `relay-ip=${address}`, `external-ip=${external}`].join('\n');
}

/**
 * Runs turnserver with `config` (default: the loopback dev config) plus the given secret(s), which go
 * into a private copy of the config rather than onto the command line where `ps` would show them. With
 * `address`, it serves there instead of on loopback (announced as `externalIp` when given).
 */
async function startCoturn({
  secrets,
  port = 3478,
  workDir,
  config = DEV_CONFIG,
  extraArgs = [],
  output = 'ignore',
  address = '127.0.0.1',
  externalIp,
}) {
  const binary = findTurnserver();
  if (!binary) throw new Error('turnserver is not installed (apt-get install coturn)');
  mkdirSync(workDir, { recursive: true, mode: 0o700 });
  const configFile = join(workDir, `turnserver-${port}.conf`);
  const secretLines = secrets.map((secret) => `static-auth-secret=${secret}`).join('\n');
  const configText = readFileSync(config, 'utf8');
  const served = address === '127.0.0.1' && !externalIp ? configText : onAddress(configText, address, externalIp);
  writeFileSync(configFile, `${served}\n${secretLines}\n`, { mode: 0o600 });
  chmodSync(configFile, 0o600);
  const child = spawn(
    binary,
    [
      '-c',
      configFile,
      '--listening-port',
      String(port),
      '--pidfile',
      join(workDir, `turnserver-${port}.pid`),
      ...extraArgs,
    ],
    { stdio: ['ignore', output, output] },
  );
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 10000;
  while (!(await stunBinding(port, address))) {
    if (child.exitCode !== null)
      throw new Error(`turnserver exited with code ${child.exitCode} (port ${port} in use?)`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`turnserver did not answer STUN on ${address}:${port} within 10 s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const reachable = externalIp ?? address;
  return {
    port,
    pid: child.pid,
    uris: [
      `turn:${reachable}:${port}?transport=udp`,
      `turn:${reachable}:${port}?transport=tcp`,
      `stun:${reachable}:${port}`,
    ],
    exited,
    stop,
  };
}

module.exports = { DEV_CONFIG, findTurnserver, startCoturn, stunBinding };
