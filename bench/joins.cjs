// Scenario 3, joins: how long a newcomer waits, on the bare relay and on one instance of this product,
// quiet and under a churn of `churnPerSecond` joins and as many leaves per second in other rooms.
// Two figures per join: socket open → `resp-join` (the upgrade, its credential check and the join), and
// the newcomer's `join` → `new-peer` at each of the three already seated.
'use strict';
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { percentile, wait } = require('./lib/measure.cjs');
const { instance, nextMessage, openSocket, start, stopChild } = require('./lib/servers.cjs');

const ROOMS = 10;
const CHURN_SOCKETS = 50;

/** How one target is spoken to: a socket ready to send `join`, and the url it is opened at. */
function bareTarget(port) {
  return {
    name: 'bare ws relay',
    room: async (i) => `room${i}`,
    open: async () => {
      const { socket, first } = await openSocket(`ws://127.0.0.1:${port}`);
      await first; // the bare relay names the socket first
      return socket;
    },
  };
}

function productTarget(server, token) {
  return {
    name: 'webrtc-call, one instance',
    room: async (i) => (await server.post('/api/rooms', { name: `joins ${i}`, capacity: 8 }, token)).id,
    open: async () => (await openSocket(`ws://127.0.0.1:${server.port}/ws?token=${token}`)).socket,
  };
}

async function joinWith(socket, roomId) {
  const joined = nextMessage(socket);
  socket.send(JSON.stringify({ event: 'join', data: { roomId } }));
  const frame = await joined;
  if (frame.event !== 'resp-join') throw new Error(JSON.stringify(frame));
}

/** Sockets that join and leave other rooms: each tick one joins and another leaves. */
async function startChurn(target, perSecond) {
  const sockets = [];
  const rooms = [];
  for (let i = 0; i < CHURN_SOCKETS / 2; i++) rooms.push(await target.room(`churn${i}`));
  for (let i = 0; i < CHURN_SOCKETS; i++) sockets.push({ socket: await target.open(), seated: false });
  for (const s of sockets) s.socket.on('message', () => undefined);
  let tick = 0;
  const timer = setInterval(() => {
    const joiner = sockets[tick % CHURN_SOCKETS];
    const leaver = sockets[(tick + CHURN_SOCKETS / 2) % CHURN_SOCKETS];
    if (!joiner.seated) {
      joiner.socket.send(JSON.stringify({ event: 'join', data: { roomId: rooms[tick % rooms.length] } }));
      joiner.seated = true;
    }
    if (leaver.seated) {
      leaver.socket.send(JSON.stringify({ event: 'leave', data: {} }));
      leaver.seated = false;
    }
    tick++;
  }, 1000 / perSecond);
  return () => {
    clearInterval(timer);
    for (const s of sockets) s.socket.terminate();
  };
}

async function sample(target, rooms, count) {
  const residents = [];
  for (const roomId of rooms) {
    for (let k = 0; k < 3; k++) {
      const socket = await target.open();
      await joinWith(socket, roomId);
      residents.push({ roomId, socket });
    }
  }
  const opened = [];
  const announced = [];
  for (let i = 0; i < count; i++) {
    const roomId = rooms[i % rooms.length];
    const here = residents.filter((r) => r.roomId === roomId);
    const t0 = performance.now();
    const socket = await target.open();
    const newPeers = here.map((r) => nextMessage(r.socket).then(() => performance.now()));
    const sentAt = performance.now();
    await joinWith(socket, roomId);
    opened.push(performance.now() - t0);
    for (const at of await Promise.all(newPeers)) announced.push(at - sentAt);
    const left = here.map((r) => nextMessage(r.socket));
    socket.send(JSON.stringify({ event: 'leave', data: {} }));
    await Promise.all(left);
    socket.terminate();
  }
  for (const r of residents) r.socket.terminate();
  const figures = (values) => {
    const sorted = Float64Array.from(values).sort();
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  };
  return { openToJoined: figures(opened), joinToNewPeer: figures(announced) };
}

async function measureTarget(target, options) {
  const rooms = [];
  for (let i = 0; i < ROOMS; i++) rooms.push(await target.room(i));
  const quiet = await sample(target, rooms, options.samples);
  const stopChurn = await startChurn(target, options.churnPerSecond);
  await wait(1000);
  const churn = await sample(target, rooms, options.samples);
  stopChurn();
  return { name: target.name, quiet, churn };
}

async function runJoins(options, log) {
  log(
    `joins: ${options.samples} joins into rooms of 3, quiet and under ${options.churnPerSecond} joins + leaves per second`,
  );
  const results = [];
  const bareChild = start([join(__dirname, 'bare-relay.cjs')], { PORT: String(options.basePort) }, true);
  await new Promise((r) => bareChild.once('message', r));
  try {
    results.push(await measureTarget(bareTarget(options.basePort), options));
  } finally {
    await stopChild(bareChild);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'webrtc-call-bench-'));
  const server = await instance(options.basePort + 1, { DATA_DIR: dataDir });
  try {
    results.push(await measureTarget(productTarget(server, await server.account()), options));
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  for (const r of results) {
    for (const [label, f] of [
      ['quiet', r.quiet],
      ['churn', r.churn],
    ]) {
      log(
        `  ${r.name.padEnd(28)} ${label}  open → resp-join p50 ${f.openToJoined.p50.toFixed(2)} ms p99 ${f.openToJoined.p99.toFixed(2)} ms` +
          `   join → new-peer p50 ${f.joinToNewPeer.p50.toFixed(2)} ms p99 ${f.joinToNewPeer.p99.toFixed(2)} ms`,
      );
    }
  }
  return results;
}

module.exports = { runJoins };
