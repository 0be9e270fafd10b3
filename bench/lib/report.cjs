// The run as a Markdown report: the machine, the versions, every scenario's figures side by side with
// their ratios, and each goal met or missed — printed, and written to bench/results.md by a full run.
'use strict';
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const os = require('node:os');
const { join } = require('node:path');
const { cores } = require('./measure.cjs');
const { roundRatio } = require('../relay.cjs');

const f0 = (n) => (Number.isFinite(n) ? n.toFixed(0) : '—');
const f2 = (n) => (Number.isFinite(n) ? n.toFixed(2) : '—');
const verdict = (met) => (met ? '**met**' : '**missed**');

function version(command, args) {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')[0]
      .trim();
  } catch {
    return 'not found';
  }
}

function machine(started) {
  const pkg = (name) => {
    for (const dir of module.paths) {
      try {
        return JSON.parse(readFileSync(join(dir, name, 'package.json'), 'utf8')).version;
      } catch {
        // not in this node_modules
      }
    }
    return 'not found';
  };
  return [
    `Run ${started.toISOString()} on ${os.cpus()[0].model}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${os.release()}.`,
    cores
      ? `Servers pinned to core ${cores.server}, load on core ${cores.load} (taskset).`
      : 'Nothing pinned (no taskset or one core).',
    `Node ${process.version}; ws ${pkg('ws')}; peer ${pkg('peer')}; playwright-core ${pkg('playwright-core')}; ${version('/usr/bin/chromium', ['--version'])}; ${version('redis-server', ['--version'])}; coturn ${version('turnserver', ['--version'])}.`,
  ];
}

function relaySection(targets, options, goals) {
  const byKey = Object.fromEntries(targets.map((t) => [t.key, t]));
  const { a, b, c, d } = byKey;
  const lines = [
    `## Relay`,
    ``,
    `${options.pairs} pairs in rooms of two ping-pong ~1 KB \`candidate\` frames, ${options.window} in flight per direction, ${options.measureMs / 1000} s measured after ${options.warmupMs / 1000} s of warm-up; ${options.rounds} rounds, each target once per round. Medians over the rounds; CPU summed over every server process (Redis included for d).`,
    ``,
    `| target | msg/s | msg per server CPU-second | p50 ms | p99 ms | ÷ (a) per CPU-s | ÷ (b) per CPU-s |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: |`,
  ];
  for (const t of targets) {
    lines.push(
      `| (${t.key}) ${t.name} | ${f0(t.perSecond)} | ${f0(t.perCpuSecond)} | ${f2(t.p50)} | ${f2(t.p99)} | ` +
        `${a ? f2(roundRatio(t, a, (r) => r.perCpuSecond)) : '—'} | ${b ? f2(roundRatio(t, b, (r) => r.perCpuSecond)) : '—'} |`,
    );
  }
  if (a && c) {
    const vsA = roundRatio(c, a, (r) => r.perCpuSecond);
    const p99Gap = c.rounds.map((r, i) => r.p99 - a.rounds[i].p99).sort((x, y) => x - y)[
      Math.floor((c.rounds.length - 1) / 2)
    ];
    goals.push([`(c) ÷ (a), messages per server CPU-second, at least 0.95×`, f2(vsA), vsA >= 0.95]);
    if (b) {
      const vsB = roundRatio(c, b, (r) => r.perCpuSecond);
      goals.push([`(c) ÷ (b), messages per server CPU-second, at least 1.0×`, f2(vsB), vsB >= 1.0]);
    }
    goals.push([`(c) p99 − (a) p99, at most 1 ms`, `${f2(p99Gap)} ms`, p99Gap <= 1]);
  }
  if (c && d) {
    const p99Ratio = roundRatio(d, c, (r) => r.p99);
    goals.push([`(d) p99 ÷ (c) p99, at most 3×`, f2(p99Ratio), p99Ratio <= 3]);
  }
  return lines;
}

function connectionsSection(rows) {
  const [floor, ours] = rows;
  return [
    `## Connections`,
    ``,
    `${ours.sockets} sockets joined to rooms of 4 on one server. Memory per socket: the server's resident set grown over the last nine tenths of the sockets, each reading right after a full garbage collection.`,
    ``,
    `| server | KiB per socket | RSS before → after (MiB) | open and join all (s) |`,
    `| --- | ---: | ---: | ---: |`,
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.kibPerSocket.toFixed(1)} | ${f0(r.rssBeforeMiB)} → ${f0(r.rssAfterMiB)} | ${r.seconds.toFixed(1)} |`,
    ),
    ``,
    `webrtc-call ÷ bare relay: ${f2(ours.kibPerSocket / floor.kibPerSocket)}× the memory per socket, ${f2(ours.seconds / floor.seconds)}× the time.`,
  ];
}

function joinsSection(rows, options) {
  const lines = [
    `## Joins`,
    ``,
    `${options.samples} joins into rooms with three seated, quiet and under a churn of ${options.churnPerSecond} joins and ${options.churnPerSecond} leaves per second in other rooms.`,
    ``,
    `| server | load | open → resp-join p50 / p99 (ms) | join → new-peer p50 / p99 (ms) |`,
    `| --- | --- | ---: | ---: |`,
  ];
  for (const r of rows) {
    for (const [label, f] of [
      ['quiet', r.quiet],
      ['churn', r.churn],
    ]) {
      lines.push(
        `| ${r.name} | ${label} | ${f2(f.openToJoined.p50)} / ${f2(f.openToJoined.p99)} | ${f2(f.joinToNewPeer.p50)} / ${f2(f.joinToNewPeer.p99)} |`,
      );
    }
  }
  return lines;
}

function browserSection(rows, options, goals) {
  const lines = [
    `## Browser call set-up`,
    ``,
    `Real Chromium with fake devices, median of ${options.runs}. webrtc-call: Bob clicks Join in the lobby of a room where Alice waits; until his peer connection is \`connected\`, and until he decodes Alice's first video frame. Floor: two RTCPeerConnections in one page, media captured beforehand, from their creation.`,
    ``,
    `| path | webrtc-call: → connected (ms) | → first frame (ms) | floor: connected (ms) | first frame (ms) | connected ÷ floor |`,
    `| --- | ---: | ---: | ---: | ---: | ---: |`,
  ];
  for (const r of rows) {
    const ratio = r.product.connectedMs / r.floor.connectedMs;
    lines.push(
      `| ${r.path} | ${f0(r.product.connectedMs)} | ${f0(r.product.decodedMs)} | ${f0(r.floor.connectedMs)} | ${f0(r.floor.decodedMs)} | ${f2(ratio)} |`,
    );
    goals.push([`browser Join → connected, ${r.path}, at most 3× the floor`, f2(ratio), ratio <= 3]);
  }
  return lines;
}

function report({ started, quick, options, results }) {
  const goals = [];
  const sections = [];
  if (results.relay) sections.push(relaySection(results.relay, options.relay, goals));
  if (results.connections) sections.push(connectionsSection(results.connections));
  if (results.joins) sections.push(joinsSection(results.joins, options.joins));
  if (results.browser) sections.push(browserSection(results.browser, options.browser, goals));
  const lines = [
    `# Benchmarks${quick ? ' (quick run: figures only show that everything works)' : ''}`,
    ``,
    ...machine(started),
    ``,
  ];
  lines.push(`## Goals`, ``, `| goal | this run | |`, `| --- | ---: | --- |`);
  for (const [goal, figure, met] of goals) lines.push(`| ${goal} | ${figure} | ${verdict(met)} |`);
  for (const section of sections) lines.push(``, ...section);
  return `${lines.join('\n')}\n`;
}

module.exports = { report };
