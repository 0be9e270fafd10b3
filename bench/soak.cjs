// `npm run soak`: the built API as a child process, SOAK_SOCKETS sockets (default 2000) in rooms of 4
// exchanging sequence-numbered chat and candidate frames for SOAK_SECONDS (default 60). Prints lost,
// duplicated and misrouted frames and the server's resident memory before, at peak and after. The
// server runs with the inspector on loopback so that both memory figures can be taken right after a full
// garbage collection (HeapProfiler.collectGarbage, as DevTools does): an idle process may otherwise
// keep garbage, and heap pages, for minutes, which says nothing about what it holds on to.
'use strict';
const { spawn } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { collectGarbage } = require('./lib/measure.cjs');
const { runSoak } = require('./soak-run.cjs');

const SOCKETS = Number(process.env.SOAK_SOCKETS || 2000);
const SECONDS = Number(process.env.SOAK_SECONDS || 60);
const ROOM_SIZE = 4;
const SOCKETS_PER_ACCOUNT = 50;
const FRAMES_PER_SECOND = Number(process.env.SOAK_FRAMES_PER_SECOND || 2);
const PORT = Number(process.env.SOAK_PORT || 39103);
const INSPECTOR_PORT = PORT + 1;
const root = resolve(__dirname, '..');
const wait = (ms) => new Promise((r) => setTimeout(r, ms));

function rssMiB(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]) / 1024;
}

async function waitHealthy(url) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // starting
    }
    await wait(100);
  }
  throw new Error(`${url} did not become healthy`);
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'webrtc-call-soak-'));
  const child = spawn(
    process.execPath,
    [`--inspect=127.0.0.1:${INSPECTOR_PORT}`, join(root, 'dist/apps/api/main.js')],
    {
      env: {
        ...process.env,
        PORT: String(PORT),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'error',
        SIGNALING_RATE_PER_SECOND: '1000',
        SIGNALING_RATE_BURST: '1000',
        SIGNALING_MAX_SOCKETS_PER_USER: String(SOCKETS_PER_ACCOUNT),
        SIGNALING_MAX_PENDING_UPGRADES: '100',
        AUTH_RATE_LIMIT: '100000',
      },
      stdio: ['ignore', 'inherit', 'pipe'],
    },
  );
  try {
    // The inspector announces itself on stderr; pass on everything else.
    child.stderr.on('data', (chunk) => {
      const text = String(chunk).replace(/^(Debugger |For help, see).*\n/gm, '');
      if (text) process.stderr.write(text);
    });
    const baseUrl = `http://127.0.0.1:${PORT}`;
    await waitHealthy(`${baseUrl}/api/health`);
    const rss = { before: 0, peak: 0, after: 0 };
    console.log(`soak: ${SOCKETS} sockets in rooms of ${ROOM_SIZE}, ${FRAMES_PER_SECOND} frames/s each, ${SECONDS} s`);
    const started = Date.now();
    const counts = await runSoak({
      baseUrl,
      wsUrl: `ws://127.0.0.1:${PORT}/ws`,
      sockets: SOCKETS,
      roomSize: ROOM_SIZE,
      seconds: SECONDS,
      socketsPerAccount: SOCKETS_PER_ACCOUNT,
      framesPerSecond: FRAMES_PER_SECOND,
      log: (line) => console.log(`  ${line}`),
      settle: () => collectGarbage(INSPECTOR_PORT),
      sample: (phase) => {
        const now = rssMiB(child.pid);
        if (phase === 'before') rss.before = now;
        rss.peak = Math.max(rss.peak, now);
      },
    });
    await wait(2000);
    const idle = rssMiB(child.pid);
    await collectGarbage(INSPECTOR_PORT);
    rss.after = rssMiB(child.pid);
    const change = ((rss.after - rss.before) / rss.before) * 100;
    console.log(`  frames sent ${counts.sent}, received ${counts.received}, error frames ${counts.errors}`);
    console.log(`  lost ${counts.lost}   duplicated ${counts.duplicated}   misrouted ${counts.misrouted}`);
    console.log(`  sockets closed by the server ${counts.closed}`);
    console.log(
      `  server RSS: before ${rss.before.toFixed(1)} MiB, peak ${rss.peak.toFixed(1)} MiB, ` +
        `after ${rss.after.toFixed(1)} MiB (${change >= 0 ? '+' : ''}${change.toFixed(1)} % of before; goal within 10 %); ` +
        `${idle.toFixed(1)} MiB idle before the last collection`,
    );
    console.log(`  total ${((Date.now() - started) / 1000).toFixed(0)} s`);
    if (counts.lost || counts.duplicated || counts.misrouted || counts.closed) process.exitCode = 1;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
