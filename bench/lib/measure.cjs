// Figures the bench reads off the machine: CPU time and resident memory from /proc, percentiles, and
// the core pinning that keeps the servers and the load apart.
'use strict';
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');

const CLOCK_TICKS = 100; // Linux USER_HZ
const WebSocket = require('ws');
const wait = (ms) => new Promise((r) => setTimeout(r, ms));

/** User + system CPU seconds of every process in `pids`, its threads included. */
function cpuSeconds(pids) {
  let total = 0;
  for (const pid of pids) {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    total += (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  }
  return total;
}

function rssKiB(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]);
}

/**
 * A full garbage collection in a process started with `--inspect=127.0.0.1:<port>`, as DevTools does
 * it (HeapProfiler.collectGarbage): an idle process may keep garbage, and heap pages, for minutes, which
 * says nothing about what it holds on to.
 */
async function collectGarbage(inspectorPort) {
  const [target] = await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json();
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
  await new Promise((resolve) => ws.on('message', (data) => JSON.parse(String(data)).id === 1 && resolve()));
  ws.close();
  await wait(1000);
}

/** The value below which `p` % of `sorted` lie (nearest rank). */
function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const median = (values) => percentile(Float64Array.from(values).sort(), 50);

/**
 * The servers run on core 0 and the load on core 1 (a 2-core machine), so neither steals the other's
 * CPU. Null where `taskset` or a second core is missing: then nothing is pinned, and the report says so.
 */
const cores = (() => {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
  } catch {
    return null;
  }
  return require('node:os').availableParallelism() >= 2 ? { server: '0', load: '1' } : null;
})();

/** Pins every thread of `pid` to `core` (a CPU list: '0', '0-1'); returns how to undo it (for processes the bench did not start). */
function pin(pid, core) {
  if (!cores) return () => undefined;
  const before = /: (\S+)\s*$/.exec(execFileSync('taskset', ['-p', String(pid)], { encoding: 'utf8' }))[1];
  execFileSync('taskset', ['-a', '-c', '-p', core, String(pid)], { stdio: 'ignore' });
  return () => execFileSync('taskset', ['-a', '-p', before, String(pid)], { stdio: 'ignore' });
}

/** The command and arguments that start `args` on the server core. */
function onServerCore(command, args) {
  return cores ? ['taskset', ['-c', cores.server, command, ...args]] : [command, args];
}

const ALL_CORES = `0-${require('node:os').availableParallelism() - 1}`;

module.exports = { ALL_CORES, collectGarbage, cores, cpuSeconds, median, onServerCore, percentile, pin, rssKiB, wait };
