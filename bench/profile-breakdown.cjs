// Where a relay server's CPU goes, per relayed message, from a V8 CPU profile of a bench run:
//
//   BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" node bench/run.cjs --only=relay
//   node bench/profile-breakdown.cjs /tmp/prof/CPU.….cpuprofile 58048
//
// The second argument is that server's "msg per server CPU-second" from the same run. Samples under
// module loading and start-up are left out; the rest is split into coarse buckets (socket writes, `ws`
// frame parsing, `ws` framing, garbage collection, V8 internals, the server's own functions). V8 inlines
// small functions into their callers, so compare buckets between servers, not single functions.
'use strict';
const { readFileSync } = require('node:fs');

const [file, perCpuSecond, rows = '16'] = process.argv.slice(2);
if (!file || !Number(perCpuSecond)) {
  console.error('usage: node bench/profile-breakdown.cjs <profile.cpuprofile> <msg per server CPU-second> [rows]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

const STARTUP = /cjs\/loader|bootstrap|__webpack_require__|NestFactory|createApp/;
const underStartup = new Map();
function isStartup(id) {
  if (!id) return false;
  if (!underStartup.has(id)) {
    const { url, functionName } = nodes.get(id).callFrame;
    underStartup.set(id, STARTUP.test(`${url} ${functionName}`) || isStartup(parents.get(id)));
  }
  return underStartup.get(id);
}

function bucket({ functionName, url }) {
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(program)') return 'V8 internals';
  if (/writev|stream_base_commons|streams\/writable|node:net/.test(`${functionName} ${url}`)) {
    return /receiver|writeOrBuffer/.test(functionName) ? 'ws: frame parsing' : 'socket writes';
  }
  if (/ws\/lib\/receiver/.test(url) || functionName === 'socketOnData') return 'ws: frame parsing';
  if (/ws\/lib\/(sender|websocket)/.test(url)) return 'ws: framing and send';
  if (url.startsWith('file://') || url.startsWith('/')) {
    if (!url.includes('node_modules')) return `server: ${functionName || '(anonymous)'}`;
  }
  return `other: ${functionName || '(native)'}`;
}

const perBucket = new Map();
let steadyUs = 0;
profile.samples.forEach((id, i) => {
  const { callFrame } = nodes.get(id);
  if (callFrame.functionName === '(idle)' || isStartup(id)) return;
  const us = profile.timeDeltas[i] ?? 0;
  const name = bucket(callFrame);
  perBucket.set(name, (perBucket.get(name) ?? 0) + us);
  steadyUs += us;
});

const usPerMessage = 1e6 / Number(perCpuSecond);
const share = (us) => ((us / steadyUs) * usPerMessage).toFixed(2).padStart(6);
const own = [...perBucket].filter(([name]) => name.startsWith('server: ')).reduce((sum, [, us]) => sum + us, 0);
console.log(`${usPerMessage.toFixed(2)} µs of server CPU per message; the server's own functions: ${share(own)} µs`);
for (const [name, us] of [...perBucket].sort((a, b) => b[1] - a[1]).slice(0, Number(rows))) {
  console.log(`${share(us)} µs  ${name}`);
}
