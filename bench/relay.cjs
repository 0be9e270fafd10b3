// Scenario 1, the relay: PAIRS client pairs in rooms of two ping-pong ~1 KB `candidate` frames with
// WINDOW frames in flight per direction, through (a) the bare relay, (b) the PeerJS server, (c) this
// product as one instance and (d) as two instances over Redis. Every target is started once; then
// ROUNDS rounds measure each in turn (the order rotates), so slow drifts of a shared machine hit all alike.
'use strict';
const { cpuSeconds, median, percentile, wait } = require('./lib/measure.cjs');
const { bare, cluster, peerjs, product } = require('./lib/servers.cjs');

/**
 * Frames of one direction arrive in order, so each arrival is matched with the oldest send time of its
 * direction: one-way latency. Send times and latencies go to preallocated typed arrays, so the load
 * allocates little of its own and its garbage collections disturb the figures as little as they can.
 */
function drive(target) {
  if (target.window > SendTimes.CAPACITY / 2) throw new Error(`a window of ${target.window} is too large to track`);
  const stats = { delivered: 0, errors: 0, running: true, recording: false, latencies: new Latencies() };
  for (const [a, b] of target.pairs) {
    for (const [self, other] of [
      [a, b],
      [b, a],
    ]) {
      const frame = target.frame(other.selfId);
      const sent = new SendTimes();
      self.outgoing = sent;
      const send = () => {
        sent.push(performance.now());
        self.socket.send(frame);
      };
      self.onMessage = (raw) => {
        if (raw.length < 200) {
          // Not a relayed frame (~1 KB): an error, or a keepalive.
          if (raw.toString().toLowerCase().includes('"error"')) stats.errors++;
          return;
        }
        const at = other.outgoing.shift();
        stats.delivered++;
        if (stats.recording && at !== undefined) stats.latencies.push(performance.now() - at);
        if (stats.running) send();
      };
      self.socket.on('message', self.onMessage);
      self.start = () => {
        for (let i = 0; i < target.window; i++) send();
      };
    }
  }
  for (const [a, b] of target.pairs) {
    a.start();
    b.start();
  }
  return stats;
}

/** The send times of one direction's frames in flight: a ring far larger than the window. */
class SendTimes {
  static CAPACITY = 1024;
  times = new Float64Array(SendTimes.CAPACITY);
  head = 0;
  tail = 0;

  push(time) {
    this.times[this.tail++ & (SendTimes.CAPACITY - 1)] = time;
  }

  shift() {
    return this.head === this.tail ? undefined : this.times[this.head++ & (SendTimes.CAPACITY - 1)];
  }
}

/** Latencies in blocks of 64 Ki that are never copied. */
class Latencies {
  blocks = [];
  length = 0;

  push(ms) {
    const index = this.length++ & 0xffff;
    if (index === 0) this.blocks.push(new Float64Array(0x10000));
    this.blocks[this.blocks.length - 1][index] = ms;
  }

  sorted() {
    const all = new Float64Array(this.length);
    this.blocks.forEach((block, i) =>
      all.set(block.subarray(0, Math.min(0x10000, this.length - i * 0x10000)), i * 0x10000),
    );
    return all.sort();
  }
}

async function measureOnce(target, options) {
  const stats = drive({ ...target, window: options.window });
  await wait(options.warmupMs);
  const startCount = stats.delivered;
  const startCpu = cpuSeconds(target.pids);
  const startMs = performance.now();
  stats.recording = true;
  await wait(options.measureMs);
  stats.recording = false;
  const messages = stats.delivered - startCount;
  const cpu = cpuSeconds(target.pids) - startCpu;
  const seconds = (performance.now() - startMs) / 1000;
  stats.running = false;
  await wait(500); // the frames still in flight drain
  for (const [a, b] of target.pairs) for (const end of [a, b]) end.socket.off('message', end.onMessage);
  const sorted = stats.latencies.sorted();
  return {
    perSecond: messages / seconds,
    perCpuSecond: messages / cpu,
    cpu,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    errors: stats.errors,
  };
}

const TARGETS = [
  ['a', 'bare ws relay', (port, pairs) => bare(port, pairs)],
  ['b', 'PeerJS server', (port, pairs) => peerjs(port, pairs)],
  ['c', 'webrtc-call, one instance', (port, pairs) => product(port, pairs)],
  ['d', 'webrtc-call, 2 instances + Redis', (port, pairs) => cluster([port, port + 1], pairs)],
];

/**
 * `options`: {pairs, window, warmupMs, measureMs, rounds, basePort, compareApi}. Returns per target
 * the median figures over the rounds, and per round the figures of each target (for ratios).
 */
async function runRelay(options, log) {
  log(
    `relay: ${options.pairs} pairs, ${options.window} frames in flight per direction, ` +
      `${options.measureMs / 1000} s measured after ${options.warmupMs / 1000} s, ${options.rounds} rounds`,
  );
  const targets = [];
  const specs = [...TARGETS];
  if (options.compareApi) {
    specs.push(['c′', 'webrtc-call, compared build', (p, n) => product(p, n, options.compareApi)]);
    specs.push(['d′', 'compared build, 2 instances', (p, n) => cluster([p, p + 1], n, options.compareApi)]);
  }
  try {
    for (const [i, [key, name, startTarget]] of specs.entries()) {
      const server = await startTarget(options.basePort + 2 * i, options.pairs);
      if (server) targets.push({ key, name, server, rounds: [] });
    }
    for (let round = 0; round < options.rounds; round++) {
      for (let k = 0; k < targets.length; k++) {
        const target = targets[(round + k) % targets.length];
        const result = await measureOnce(target.server, options);
        target.rounds[round] = result;
        log(
          `  round ${round + 1} (${target.key}) ${target.name.padEnd(34)} ${result.perSecond.toFixed(0).padStart(7)} msg/s ` +
            `${result.perCpuSecond.toFixed(0).padStart(7)} msg/CPU-s  p50 ${result.p50.toFixed(2)} ms  p99 ${result.p99.toFixed(2)} ms` +
            (result.errors ? `  errors ${result.errors}` : ''),
        );
      }
    }
  } finally {
    for (const target of targets) {
      for (const [a, b] of target.server.pairs) for (const end of [a, b]) end.socket.terminate();
      await target.server.stop();
    }
  }
  return targets.map(({ key, name, rounds }) => ({
    key,
    name,
    rounds,
    perSecond: median(rounds.map((r) => r.perSecond)),
    perCpuSecond: median(rounds.map((r) => r.perCpuSecond)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
  }));
}

/** The median over rounds of `of(x)/of(y)` measured in the same round. */
function roundRatio(x, y, of) {
  return median(x.rounds.map((r, i) => of(r) / of(y.rounds[i])));
}

module.exports = { roundRatio, runRelay };
