// `npm run bench`: messages relayed per second and per server CPU-second, this product's gateway
// (all checks on: validation, rate limiting with a high limit, room membership) against a bare `ws`
// relay on the same machine. Needs `npm run build` (the API bundle).
'use strict';
const { fork, spawn } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const WebSocket = require('ws');

const PAIRS = Number(process.env.BENCH_PAIRS || 50);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT || 16);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS || 3000);
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS || 10000);
const CLOCK_TICKS = 100; // Linux USER_HZ
const root = resolve(__dirname, '..');
const candidate = {
  candidate:
    'candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag sXAt network-cost 999',
  sdpMid: '0',
  sdpMLineIndex: 0,
};

function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitHealthy(url) {
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // starting
    }
    await wait(100);
  }
  throw new Error(`${url} did not become healthy`);
}

function open(url) {
  return new Promise((resolveOpen, reject) => {
    const socket = new WebSocket(url);
    const first = (raw) => {
      socket.off('message', first);
      resolveOpen({ socket, selfId: JSON.parse(raw.toString()).data.selfId });
    };
    socket.on('message', first);
    socket.once('error', reject);
    socket.once('open', () => socket.emit('opened'));
  });
}

/** Ping-pong with IN_FLIGHT messages per direction per pair; returns a counter of delivered messages. */
function drive(pairs) {
  const stats = { delivered: 0, errors: 0, running: true };
  for (const [a, b] of pairs) {
    for (const [self, other] of [
      [a, b],
      [b, a],
    ]) {
      const frame = JSON.stringify({ event: 'candidate', data: { to: other.selfId, candidate } });
      self.socket.on('message', (raw) => {
        const text = raw.toString();
        if (text.includes('"error"')) stats.errors++;
        else stats.delivered++;
        if (stats.running) self.socket.send(frame);
      });
      for (let i = 0; i < IN_FLIGHT; i++) self.socket.send(frame);
    }
  }
  return stats;
}

async function measure(name, pid, pairs) {
  const stats = drive(pairs);
  await wait(WARMUP_MS);
  const startCount = stats.delivered;
  const startCpu = cpuSeconds(pid);
  const startMs = Date.now();
  await wait(MEASURE_MS);
  const messages = stats.delivered - startCount;
  const cpu = cpuSeconds(pid) - startCpu;
  const seconds = (Date.now() - startMs) / 1000;
  stats.running = false;
  await wait(200);
  for (const [a, b] of pairs) {
    a.socket.terminate();
    b.socket.terminate();
  }
  const result = {
    name,
    messages,
    seconds,
    cpu,
    perSecond: messages / seconds,
    perCpuSecond: messages / cpu,
    errors: stats.errors,
  };
  console.log(
    `${name.padEnd(22)} ${result.perSecond.toFixed(0).padStart(8)} msg/s   server CPU ${cpu.toFixed(2)} s   ` +
      `${result.perCpuSecond.toFixed(0).padStart(8)} msg per CPU-second   errors ${stats.errors}`,
  );
  return result;
}

async function benchBare(port) {
  const child = fork(join(__dirname, 'bare-relay.cjs'), [], {
    env: { ...process.env, PORT: String(port) },
    stdio: 'inherit',
  });
  await new Promise((r) => child.once('message', r));
  const pairs = [];
  for (let i = 0; i < PAIRS; i++)
    pairs.push([await open(`ws://127.0.0.1:${port}`), await open(`ws://127.0.0.1:${port}`)]);
  const result = await measure('bare ws relay', child.pid, pairs);
  child.kill();
  return result;
}

async function benchProduct(port) {
  const dataDir = mkdtempSync(join(tmpdir(), 'webrtc-call-bench-'));
  const child = spawn(process.execPath, [join(root, 'dist/apps/api/main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      SIGNALING_RATE_PER_SECOND: '1000000',
      SIGNALING_RATE_BURST: '1000000',
      SIGNALING_MAX_SOCKETS_PER_USER: '1000',
    },
    stdio: 'inherit',
  });
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(`${base}/api/health`);
  const post = async (path, body, token) => {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  await post('/api/auth/register', { username: 'bencher', password: 'bench-password' });
  const { accessToken } = await post('/api/auth/login', { username: 'bencher', password: 'bench-password' });
  const joinRoom = async (roomId) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${accessToken}`);
    await new Promise((r, j) => {
      socket.once('open', r);
      socket.once('error', j);
    });
    const joined = new Promise((r) => socket.once('message', (raw) => r(JSON.parse(raw.toString()))));
    socket.send(JSON.stringify({ event: 'join', data: { roomId } }));
    const frame = await joined;
    if (frame.event !== 'resp-join') throw new Error(JSON.stringify(frame));
    return { socket, selfId: frame.data.selfId };
  };
  const pairs = [];
  for (let i = 0; i < PAIRS; i++) {
    const room = await post('/api/rooms', { name: `bench ${i}`, capacity: 2 }, accessToken);
    const a = await joinRoom(room.id);
    const b = await joinRoom(room.id);
    await new Promise((r) => a.socket.once('message', r)); // new-peer
    pairs.push([a, b]);
  }
  const result = await measure('webrtc-call gateway', child.pid, pairs);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
  return result;
}

async function main() {
  console.log(
    `relay benchmark: ${PAIRS} pairs, ${IN_FLIGHT} messages in flight per direction, ${MEASURE_MS / 1000} s measured`,
  );
  const bare = await benchBare(Number(process.env.BENCH_BARE_PORT || 39101));
  const product = await benchProduct(Number(process.env.BENCH_PORT || 39102));
  console.log(
    `ratio (msg per server CPU-second, gateway / bare): ${(product.perCpuSecond / bare.perCpuSecond).toFixed(2)}`,
  );
  console.log(`ratio (msg/s, gateway / bare): ${(product.perSecond / bare.perSecond).toFixed(2)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
