// Scenario 2, connections: `sockets` sockets joined to rooms of `roomSize`, on the bare relay and on
// one instance of this product. Reports the resident memory each socket adds to the server and the
// time to open and join them all (rooms are created beforehand and not timed).
'use strict';
const { collectGarbage, rssKiB } = require('./lib/measure.cjs');
const { instance, nextMessage, openSocket, start, stopChild } = require('./lib/servers.cjs');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

/** Opens and joins sockets `from` to `to`, `concurrency` at a time; `connect(i)` resolves once socket i is joined. */
async function openAll(from, to, concurrency, connect) {
  const sockets = [];
  let next = from;
  const worker = async () => {
    while (next < to) sockets.push(await connect(next++));
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return sockets;
}

/**
 * Memory per socket is taken over the sockets after the first tenth, each reading right after a full
 * collection: what setting up left behind, and what the first sockets allocate once (pools, caches),
 * does not count against each socket.
 */
async function measure(name, pid, inspectorPort, connect, count) {
  const warm = Math.floor(count / 10);
  const startMs = performance.now();
  const first = await openAll(0, warm, 100, connect);
  const firstMs = performance.now() - startMs;
  await collectGarbage(inspectorPort);
  const before = rssKiB(pid);
  const restStartMs = performance.now();
  const rest = await openAll(warm, count, 100, connect);
  const seconds = (firstMs + performance.now() - restStartMs) / 1000;
  await collectGarbage(inspectorPort);
  const after = rssKiB(pid);
  for (const socket of [...first, ...rest]) socket.terminate();
  const kibPerSocket = (after - before) / (count - warm);
  return { name, sockets: count, seconds, rssBeforeMiB: before / 1024, rssAfterMiB: after / 1024, kibPerSocket };
}

async function runConnections(options, log) {
  const { sockets: count, roomSize } = options;
  log(`connections: ${count} sockets joined to rooms of ${roomSize}`);
  const results = [];

  // Both servers run with the inspector on loopback, so that memory is read right after a full collection.
  const inspect = (port) => `--inspect=127.0.0.1:${port}`;
  const bareInspector = options.basePort + 50;
  const productInspector = options.basePort + 51;
  const bareChild = start(
    [inspect(bareInspector), join(__dirname, 'bare-relay.cjs')],
    { PORT: String(options.basePort) },
    true,
  );
  await new Promise((r) => bareChild.once('message', r));
  try {
    results.push(
      await measure(
        'bare ws relay',
        bareChild.pid,
        bareInspector,
        async (i) => {
          const { socket, first } = await openSocket(`ws://127.0.0.1:${options.basePort}`);
          await first;
          const joined = nextMessage(socket);
          socket.send(JSON.stringify({ event: 'join', data: { roomId: `r${Math.floor(i / roomSize)}` } }));
          await joined;
          return socket;
        },
        count,
      ),
    );
  } finally {
    await stopChild(bareChild);
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'webrtc-call-bench-'));
  const server = await instance(
    options.basePort + 1,
    { DATA_DIR: dataDir, SIGNALING_IDLE_TIMEOUT_MS: '600000' },
    undefined,
    [inspect(productInspector)],
  );
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
        productInspector,
        async (i) => (await server.joinRoom(rooms[Math.floor(i / roomSize)], token)).socket,
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
