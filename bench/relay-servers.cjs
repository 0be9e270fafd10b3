// The servers `npm run bench` relays through: the bare baseline, this product as one instance, and
// this product as two instances sharing Redis and a PostgreSQL database. Each hands back its pairs of
// joined sockets and the pids whose CPU time counts.
'use strict';
const { execFileSync, fork, spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const WebSocket = require('ws');

const root = resolve(__dirname, '..');
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

async function waitHealthy(url, child) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // starting
    }
    await wait(100);
  }
  throw new Error(`${url} did not become healthy`);
}

/** An open socket, with its first message already being listened for (a server may speak first). */
function openSocket(url) {
  return new Promise((resolveOpen, reject) => {
    const socket = new WebSocket(url);
    const first = nextMessage(socket);
    socket.once('open', () => resolveOpen({ socket, first }));
    socket.once('error', reject);
  });
}

const nextMessage = (socket) => new Promise((r) => socket.once('message', (raw) => r(JSON.parse(raw.toString()))));

async function bare(port, pairCount) {
  const child = fork(join(__dirname, 'bare-relay.cjs'), [], {
    env: { ...process.env, PORT: String(port) },
    stdio: 'inherit',
  });
  await new Promise((r) => child.once('message', r));
  const one = async () => {
    const { socket, first } = await openSocket(`ws://127.0.0.1:${port}`);
    return { socket, selfId: (await first).data.selfId };
  };
  const pairs = [];
  for (let i = 0; i < pairCount; i++) pairs.push([await one(), await one()]);
  return { pids: [child.pid], pairs, stop: async () => child.kill() };
}

/**
 * One API process as `npm start` runs it, with the rate limits raised for the bench. `main`: another
 * build of the API to run instead of this checkout's (to compare two commits in one run).
 */
async function instance(port, env, main = join(root, 'dist/apps/api/main.js')) {
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      PORT: String(port),
      LOG_LEVEL: 'error',
      SIGNALING_RATE_PER_SECOND: '1000000',
      SIGNALING_RATE_BURST: '1000000',
      SIGNALING_MAX_SOCKETS_PER_USER: '1000',
      AUTH_RATE_LIMIT: '100000',
      ...env,
    },
    stdio: 'inherit',
  });
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(`${base}/api/health`, child);
  const post = async (path, body, token) => {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const joinRoom = async (roomId, token) => {
    const { socket, first: joined } = await openSocket(`ws://127.0.0.1:${port}/ws?token=${token}`);
    socket.send(JSON.stringify({ event: 'join', data: { roomId } }));
    const frame = await joined;
    if (frame.event !== 'resp-join') throw new Error(JSON.stringify(frame));
    return { socket, selfId: frame.data.selfId };
  };
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  };
  return { pid: child.pid, post, joinRoom, stop };
}

/** Pairs in rooms of two: the first of each pair joins on `first`, the second on `second`. */
async function seatPairs(first, second, pairCount) {
  const tag = randomBytes(4).toString('hex');
  await first.post('/api/auth/register', { username: `bench${tag}`, password: 'bench-password' });
  const { accessToken } = await first.post('/api/auth/login', { username: `bench${tag}`, password: 'bench-password' });
  const pairs = [];
  for (let i = 0; i < pairCount; i++) {
    const room = await first.post('/api/rooms', { name: `bench ${i}`, capacity: 2 }, accessToken);
    const a = await first.joinRoom(room.id, accessToken);
    const newPeer = nextMessage(a.socket);
    const b = await second.joinRoom(room.id, accessToken);
    await newPeer;
    pairs.push([a, b]);
  }
  return pairs;
}

async function product(port, pairCount, main) {
  const dataDir = mkdtempSync(join(tmpdir(), 'webrtc-call-bench-'));
  const server = await instance(port, { DATA_DIR: dataDir, MAX_ROOMS_PER_ACCOUNT: '100000' }, main);
  const pairs = await seatPairs(server, server, pairCount);
  return {
    pids: [server.pid],
    pairs,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function redisPid() {
  const info = execFileSync('redis-cli', ['-u', REDIS_URL, 'info', 'server'], { encoding: 'utf8' });
  const match = /process_id:(\d+)/.exec(info);
  if (!match) throw new Error('no process_id in redis INFO');
  return Number(match[1]);
}

/**
 * Two instances over Redis and one PostgreSQL database, each peer of a pair on a different one. The
 * CPU of both instances and of redis-server counts. Null when Redis or PostgreSQL cannot be reached.
 */
async function cluster(ports, pairCount) {
  let pid;
  const { Client } = require('pg');
  const admin = new Client({ connectionString: POSTGRES_URL });
  try {
    pid = redisPid();
    await admin.connect();
  } catch (error) {
    console.log(`(cross-instance relay skipped: ${error.message.split('\n')[0]})`);
    return null;
  }
  const database = `webrtc_call_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${database}`;
  const dataDirs = ports.map(() => mkdtempSync(join(tmpdir(), 'webrtc-call-bench-')));
  const shared = {
    DATABASE_URL: url.toString(),
    REDIS_URL,
    REDIS_PREFIX: `bench-${randomBytes(4).toString('hex')}:`,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    MAX_ROOMS_PER_ACCOUNT: '100000',
  };
  const servers = [];
  for (const [i, port] of ports.entries()) servers.push(await instance(port, { ...shared, DATA_DIR: dataDirs[i] }));
  const pairs = await seatPairs(servers[0], servers[1], pairCount);
  return {
    pids: [...servers.map((s) => s.pid), pid],
    pairs,
    stop: async () => {
      for (const server of servers) await server.stop();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
      execFileSync('redis-cli', ['-u', REDIS_URL, '--scan', '--pattern', `${shared.REDIS_PREFIX}*`], {
        encoding: 'utf8',
      })
        .split('\n')
        .filter(Boolean)
        .forEach((key) => execFileSync('redis-cli', ['-u', REDIS_URL, 'del', key]));
    },
  };
}

module.exports = { bare, product, cluster };
