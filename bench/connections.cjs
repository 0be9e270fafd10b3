// Scenario 2, connections: `sockets` sockets joined to rooms of `roomSize`, on the bare relay and on
// one instance of this product. Reports the resident memory each socket adds to the server and the
// time to open and join them all (rooms are created beforehand and not timed).
'use strict';
const { rssKiB, wait } = require('./lib/measure.cjs');
const { instance, nextMessage, openSocket, start, stopChild } = require('./lib/servers.cjs');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

/** Opens and joins `count` sockets, `concurrency` at a time; `connect(i)` resolves once socket i is joined. */
async function openAll(count, concurrency, connect) {
  const sockets = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      sockets[i] = await connect(i);
    }
  };
  const startMs = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { sockets, seconds: (performance.now() - startMs) / 1000 };
}

async function measure(name, pid, open, count) {
  await wait(1000);
  const before = rssKiB(pid);
  const { sockets, seconds } = await open();
  await wait(2000);
  const after = rssKiB(pid);
  for (const socket of sockets) socket.terminate();
  return {
    name,
    sockets: count,
    seconds,
    rssBeforeMiB: before / 1024,
    rssAfterMiB: after / 1024,
    kibPerSocket: (after - before) / count,
  };
}

async function runConnections(options, log) {
  const { sockets: count, roomSize } = options;
  log(`connections: ${count} sockets joined to rooms of ${roomSize}`);
  const results = [];

  const bareChild = start([join(__dirname, 'bare-relay.cjs')], { PORT: String(options.basePort) }, true);
  await new Promise((r) => bareChild.once('message', r));
  try {
    results.push(
      await measure(
        'bare ws relay',
        bareChild.pid,
        () =>
          openAll(count, 100, async (i) => {
            const { socket, first } = await openSocket(`ws://127.0.0.1:${options.basePort}`);
            await first;
            const joined = nextMessage(socket);
            socket.send(JSON.stringify({ event: 'join', data: { roomId: `r${Math.floor(i / roomSize)}` } }));
            await joined;
            return socket;
          }),
        count,
      ),
    );
  } finally {
    await stopChild(bareChild);
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'webrtc-call-bench-'));
  const server = await instance(options.basePort + 1, { DATA_DIR: dataDir, SIGNALING_IDLE_TIMEOUT_MS: '600000' });
  try {
    const token = await server.account();
    const rooms = [];
    for (let i = 0; i < Math.ceil(count / roomSize); i++) {
      rooms.push((await server.post('/api/rooms', { name: `bench ${i}`, capacity: roomSize }, token)).id);
    }
    results.push(
      await measure(
        'webrtc-call, one instance',
        server.pid,
        () => openAll(count, 100, async (i) => (await server.joinRoom(rooms[Math.floor(i / roomSize)], token)).socket),
        count,
      ),
    );
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  for (const r of results) {
    log(
      `  ${r.name.padEnd(28)} ${r.kibPerSocket.toFixed(1).padStart(6)} KiB per socket (RSS ${r.rssBeforeMiB.toFixed(0)} → ` +
        `${r.rssAfterMiB.toFixed(0)} MiB)   opened and joined in ${r.seconds.toFixed(1)} s`,
    );
  }
  return results;
}

module.exports = { runConnections };
