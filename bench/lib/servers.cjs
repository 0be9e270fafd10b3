// The servers the bench measures, each started on the server core: the bare relay, the PeerJS server,
// this product as one instance, and this product as two instances sharing Redis and a PostgreSQL
// database. Each hands back its joined pairs, the pids whose CPU time counts, and the frame its clients send.
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const WebSocket = require('ws');
const { onServerCore, pin, wait } = require('./measure.cjs');

const root = resolve(__dirname, '../..');
const REDIS_URL = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
/** A host candidate line as browsers send them, about 1 KB once framed with its SDP fields. */
const CANDIDATE = {
  candidate: `candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag sXAt network-cost 999 ${'x'.repeat(800)}`,
  sdpMid: '0',
  sdpMLineIndex: 0,
};
/** Our protocol (the bare relay speaks it too) and PeerJS's. */
const OUR_FRAME = (to) => JSON.stringify({ event: 'candidate', data: { to, candidate: CANDIDATE } });
const PEERJS_FRAME = (to) =>
  JSON.stringify({
    type: 'CANDIDATE',
    dst: to,
    payload: { candidate: CANDIDATE, type: 'media', connectionId: 'mc_1' },
  });

/** BENCH_NODE_ARGS: flags for every server process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof". */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

function start(args, env, ipc = false) {
  const [command, argv] = onServerCore(process.execPath, [...NODE_ARGS, ...args]);
  return spawn(command, argv, {
    env: { ...process.env, ...env },
    stdio: ipc ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'ignore', 'inherit'],
  });
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

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

/** An open socket whose first message (servers that speak first) is already awaited. */
function openSocket(url) {
  return new Promise((resolveOpen, reject) => {
    const socket = new WebSocket(url);
    const first = nextMessage(socket);
    socket.once('open', () => resolveOpen({ socket, first }));
    socket.once('error', reject);
  });
}

const nextMessage = (socket) => new Promise((r) => socket.once('message', (raw) => r(JSON.parse(raw.toString()))));

/** The floor: parse, look up, forward (bench/bare-relay.cjs). */
async function bare(port, pairCount) {
  const child = start([join(__dirname, '../bare-relay.cjs')], { PORT: String(port) }, true);
  await new Promise((r) => child.once('message', r));
  const one = async () => {
    const { socket, first } = await openSocket(`ws://127.0.0.1:${port}`);
    return { socket, selfId: (await first).data.selfId };
  };
  const pairs = [];
  for (let i = 0; i < pairCount; i++) pairs.push([await one(), await one()]);
  return { pids: [child.pid], pairs, frame: OUR_FRAME, port, stop: () => stopChild(child) };
}

/** The PeerJS server (the `peer` package) with its defaults; clients name themselves and address `dst`. */
async function peerjs(port, pairCount) {
  const child = start([join(__dirname, '../peerjs-server.cjs')], { PORT: String(port) }, true);
  await new Promise((r) => child.once('message', r));
  const one = async (id) => {
    const { socket, first } = await openSocket(`ws://127.0.0.1:${port}/peerjs?key=peerjs&id=${id}&token=t${id}`);
    const open = await first;
    if (open.type !== 'OPEN') throw new Error(JSON.stringify(open));
    return { socket, selfId: id };
  };
  const pairs = [];
  for (let i = 0; i < pairCount; i++) pairs.push([await one(`a${i}`), await one(`b${i}`)]);
  // PeerJS clients send a heartbeat every 5 s; the server drops clients silent for 60 s.
  const heartbeat = setInterval(() => {
    for (const pair of pairs) for (const end of pair) end.socket.send('{"type":"HEARTBEAT"}');
  }, 5000);
  const stop = () => {
    clearInterval(heartbeat);
    return stopChild(child);
  };
  return { pids: [child.pid], pairs, frame: PEERJS_FRAME, port, stop };
}

/**
 * One API process as `npm start` runs it, with the limits meant for people raised for the bench.
 * `main`: another build of the API to run instead of this checkout's (to compare two commits);
 * `nodeArgs`: flags for its node (e.g. --inspect).
 */
async function instance(port, env, main = join(root, 'dist/apps/api/main.js'), nodeArgs = []) {
  const child = start([...nodeArgs, main], {
    PORT: String(port),
    LOG_LEVEL: 'error',
    SIGNALING_RATE_PER_SECOND: '1000000',
    SIGNALING_RATE_BURST: '1000000',
    SIGNALING_MAX_SOCKETS_PER_USER: '100000',
    SIGNALING_MAX_PENDING_UPGRADES: '1000',
    AUTH_RATE_LIMIT: '100000',
    MAX_ROOMS_PER_ACCOUNT: '100000',
    ...env,
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
  const account = async () => {
    const username = `bench${randomBytes(4).toString('hex')}`;
    await post('/api/auth/register', { username, password: 'bench-password' });
    return (await post('/api/auth/login', { username, password: 'bench-password' })).accessToken;
  };
  /** A socket joined to `roomId`: resolves with it and its `resp-join`. */
  const joinRoom = async (roomId, token) => {
    const { socket, first: joined } = await openSocket(`ws://127.0.0.1:${port}/ws?token=${token}`);
    socket.send(JSON.stringify({ event: 'join', data: { roomId } }));
    const frame = await joined;
    if (frame.event !== 'resp-join') throw new Error(JSON.stringify(frame));
    return { socket, selfId: frame.data.selfId };
  };
  return { pid: child.pid, port, post, account, joinRoom, stop: () => stopChild(child) };
}

/** Pairs in rooms of two: the first of each pair joins on `first`, the second on `second`. */
async function seatPairs(first, second, pairCount) {
  const token = await first.account();
  const pairs = [];
  for (let i = 0; i < pairCount; i++) {
    const room = await first.post('/api/rooms', { name: `bench ${i}`, capacity: 2 }, token);
    const a = await first.joinRoom(room.id, token);
    const newPeer = nextMessage(a.socket);
    const b = await second.joinRoom(room.id, token);
    await newPeer;
    pairs.push([a, b]);
  }
  return pairs;
}

/** This product as one instance on SQLite, as `npm start` runs it. */
async function product(port, pairCount, main) {
  const dataDir = mkdtempSync(join(tmpdir(), 'webrtc-call-bench-'));
  const server = await instance(port, { DATA_DIR: dataDir }, main);
  const pairs = await seatPairs(server, server, pairCount);
  const stop = async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { pids: [server.pid], pairs, frame: OUR_FRAME, port, server, stop };
}

function redisPid() {
  const info = execFileSync('redis-cli', ['-u', REDIS_URL, 'info', 'server'], { encoding: 'utf8' });
  const match = /process_id:(\d+)/.exec(info);
  if (!match) throw new Error('no process_id in redis INFO');
  return Number(match[1]);
}

/**
 * Two instances (of `main`, this build by default) over Redis and one PostgreSQL database, the peers of
 * every pair on different ones.
 * The CPU of both instances and of redis-server counts, and redis-server is pinned to the server core
 * while measured. Null when Redis or PostgreSQL cannot be reached.
 */
async function cluster(ports, pairCount, main) {
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
  };
  const servers = [];
  for (const [i, port] of ports.entries()) {
    servers.push(await instance(port, { ...shared, DATA_DIR: dataDirs[i] }, main));
  }
  const pairs = await seatPairs(servers[0], servers[1], pairCount);
  const unpin = pin(pid, '0');
  const stop = async () => {
    unpin();
    for (const server of servers) await server.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    const keys = execFileSync('redis-cli', ['-u', REDIS_URL, '--scan', '--pattern', `${shared.REDIS_PREFIX}*`], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);
    for (let i = 0; i < keys.length; i += 500)
      execFileSync('redis-cli', ['-u', REDIS_URL, 'del', ...keys.slice(i, i + 500)]);
  };
  return { pids: [...servers.map((s) => s.pid), pid], pairs, frame: OUR_FRAME, stop };
}

module.exports = { bare, cluster, instance, nextMessage, openSocket, peerjs, product, start, stopChild };
