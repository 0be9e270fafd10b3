// `npm run bench`: the same relay load through three servers in one run: a bare `ws` relay (parse,
// look up, forward), this product as one instance with every check on (validation, rate limiting at
// a high limit, room membership), and this product as two instances over Redis with the two peers of
// every pair on different instances. Reports messages per second, per server CPU-second (every server
// process involved, Redis included) and the one-way latency p50/p99. Needs `npm run build`.
// BENCH_COMPARE_API=<path to another build's dist/apps/api/main.js> measures that build too, as one
// instance, in the same run (before/after figures for a change).
'use strict';
const { readFileSync } = require('node:fs');
const { bare, cluster, product } = require('./relay-servers.cjs');

const PAIRS = Number(process.env.BENCH_PAIRS || 50);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT || 16);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS || 3000);
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS || 10000);
const CLOCK_TICKS = 100; // Linux USER_HZ
const candidate = {
  candidate:
    'candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag sXAt network-cost 999',
  sdpMid: '0',
  sdpMLineIndex: 0,
};

function cpuSeconds(pids) {
  let total = 0;
  for (const pid of pids) {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    total += (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  }
  return total;
}

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Ping-pong with IN_FLIGHT messages per direction per pair. Frames of one direction arrive in order,
 * so each arrival is matched with the oldest send time of its direction: one-way latency.
 */
function drive(pairs) {
  const stats = { delivered: 0, errors: 0, running: true, recording: false, latencies: [] };
  for (const [a, b] of pairs) {
    for (const [self, other] of [
      [a, b],
      [b, a],
    ]) {
      const frame = JSON.stringify({ event: 'candidate', data: { to: other.selfId, candidate } });
      const sent = { times: [], head: 0 };
      self.outgoing = sent;
      const send = () => {
        sent.times.push(performance.now());
        self.socket.send(frame);
      };
      self.socket.on('message', (raw) => {
        const text = raw.toString();
        if (text.includes('"error"')) {
          stats.errors++;
          return;
        }
        const incoming = other.outgoing;
        const at = incoming.times[incoming.head++];
        if (incoming.head > 4096) {
          incoming.times.splice(0, incoming.head);
          incoming.head = 0;
        }
        stats.delivered++;
        if (stats.recording && at !== undefined) stats.latencies.push(performance.now() - at);
        if (stats.running) send();
      });
      self.start = () => {
        for (let i = 0; i < IN_FLIGHT; i++) send();
      };
    }
  }
  for (const [a, b] of pairs) {
    a.start();
    b.start();
  }
  return stats;
}

async function measure(name, server) {
  const stats = drive(server.pairs);
  await wait(WARMUP_MS);
  const startCount = stats.delivered;
  const startCpu = cpuSeconds(server.pids);
  const startMs = Date.now();
  stats.recording = true;
  await wait(MEASURE_MS);
  stats.recording = false;
  const messages = stats.delivered - startCount;
  const cpu = cpuSeconds(server.pids) - startCpu;
  const seconds = (Date.now() - startMs) / 1000;
  stats.running = false;
  await wait(300);
  for (const [a, b] of server.pairs) {
    a.socket.terminate();
    b.socket.terminate();
  }
  await server.stop();
  const sorted = Float64Array.from(stats.latencies).sort();
  const result = {
    name,
    perSecond: messages / seconds,
    perCpuSecond: messages / cpu,
    cpu,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    errors: stats.errors,
  };
  console.log(
    `${name.padEnd(30)} ${result.perSecond.toFixed(0).padStart(8)} msg/s   server CPU ${cpu.toFixed(2).padStart(5)} s   ` +
      `${result.perCpuSecond.toFixed(0).padStart(8)} msg per CPU-second   p50 ${result.p50.toFixed(2)} ms   ` +
      `p99 ${result.p99.toFixed(2)} ms   errors ${stats.errors}`,
  );
  return result;
}

async function main() {
  console.log(
    `relay benchmark: ${PAIRS} pairs, ${IN_FLIGHT} messages in flight per direction, ${MEASURE_MS / 1000} s measured`,
  );
  const base = Number(process.env.BENCH_PORT || 39101);
  const bareResult = await measure('bare ws relay', await bare(base, PAIRS));
  const one = await measure('webrtc-call, one instance', await product(base + 1, PAIRS));
  const compareApi = process.env.BENCH_COMPARE_API;
  if (compareApi) {
    const other = await measure('webrtc-call, compared build', await product(base + 4, PAIRS, compareApi));
    console.log(
      `compared build / bare, msg per server CPU-second: ${(other.perCpuSecond / bareResult.perCpuSecond).toFixed(2)}`,
    );
  }
  const twoServers = await cluster([base + 2, base + 3], PAIRS);
  const two = twoServers ? await measure('webrtc-call, across 2 instances', twoServers) : null;
  const ratio = (a, b) => (a / b).toFixed(2);
  console.log(`one instance / bare, msg per server CPU-second: ${ratio(one.perCpuSecond, bareResult.perCpuSecond)}`);
  console.log(`one instance / bare, msg/s: ${ratio(one.perSecond, bareResult.perSecond)}`);
  if (two) {
    console.log(
      `across instances / one instance, msg per server CPU-second: ${ratio(two.perCpuSecond, one.perCpuSecond)}`,
    );
    console.log(`across instances / one instance, p99: ${ratio(two.p99, one.p99)}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
