// Scenario 4, browser call set-up: real Chromium, two pages on this product. From Bob's click on Join
// to his peer connection's `connected`, and to the first video frame he decodes from Alice; direct and
// relay-only through coturn, median of `runs`. Beside it the floor: two RTCPeerConnections wired
// together inside one page, the media already captured, direct and through the same coturn.
'use strict';
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { chromium } = require('playwright-core');
const { startCoturn } = require('../turn/coturn.cjs');
const { ALL_CORES, median, pin, wait } = require('./lib/measure.cjs');
const { stopChild } = require('./lib/servers.cjs');

const root = resolve(__dirname, '..');
const CHROMIUM_ARGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Records, in the page, when its first peer connection connects and when it decodes its first video frame. */
function instrument() {
  window.__setup = { clickedAt: null, connectedAt: null, decodedAt: null, steps: {} };
  const step = (name) => (window.__setup.steps[name] ??= performance.now());
  const NativeSocket = window.WebSocket;
  window.WebSocket = class extends NativeSocket {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener('message', (event) => {
        const kind = /^\{"event":"([a-z-]+)"/.exec(event.data)?.[1];
        if (kind === 'resp-join' || kind === 'offer') step(`${kind} received`);
      });
    }
    send(data) {
      const kind = /^\{"event":"([a-z-]+)"/.exec(data)?.[1];
      if (kind === 'join' || kind === 'answer') step(`${kind} sent`);
      super.send(data);
    }
  };
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config) {
      super(config);
      step('peer connection created');
      this.addEventListener('iceconnectionstatechange', () => step(`ice ${this.iceConnectionState}`));
      const watch = async () => {
        while (window.__setup.decodedAt === null && this.connectionState !== 'closed') {
          const stats = await this.getStats();
          for (const s of stats.values()) {
            if (s.type === 'inbound-rtp' && s.kind === 'video' && s.framesDecoded > 0) {
              window.__setup.decodedAt ??= performance.now();
            }
          }
          await new Promise((r) => setTimeout(r, 10));
        }
      };
      this.addEventListener('connectionstatechange', () => {
        if (this.connectionState !== 'connected' || window.__setup.connectedAt !== null) return;
        window.__setup.connectedAt = performance.now();
        void watch();
      });
    }
  };
}

async function waitFor(page, predicate, timeoutMs = 30000) {
  await page.waitForFunction(predicate, undefined, { timeout: timeoutMs, polling: 20 });
}

async function startProduct(port, turn) {
  const dataDir = mkdtempSync(join(tmpdir(), 'webrtc-call-bench-'));
  const secret = randomBytes(24).toString('base64url');
  const relay = turn ? await startCoturn({ secrets: [secret], port: port + 1, workDir: join(dataDir, 'turn') }) : null;
  const turnEnv = relay ? { TURN_SECRET: secret, TURN_URIS: relay.uris.join(',') } : {};
  const child = spawn(process.execPath, [join(root, 'dist/apps/api/main.js')], {
    cwd: dataDir,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      AUTH_RATE_LIMIT: '100000',
      ...turnEnv,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://localhost:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      if (i > 300) throw new Error('the product did not start');
    }
    await wait(100);
  }
  return {
    baseUrl,
    stop: async () => {
      await stopChild(child);
      await relay?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A logged-in page of its own profile. */
async function signedIn(browser, baseUrl, name) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name="username"]', `${name.toLowerCase()}${randomBytes(3).toString('hex')}`);
  await page.fill('input[name="password"]', 'correct horse battery');
  const displayName = page.locator('input[name="displayName"]');
  if (await displayName.count()) await displayName.fill(name);
  await page.click('[data-testid="register-submit"]');
  await page.waitForURL('**/rooms');
  await page.close();
  return context;
}

/** One call: Alice waits in the room, Bob opens its lobby, then clicks Join; times are Bob's. */
async function productRun(contexts, baseUrl, relayOnly) {
  const [alice, bob] = await Promise.all(contexts.map((c) => c.newPage()));
  try {
    await bob.addInitScript(instrument);
    await alice.goto(`${baseUrl}/rooms`);
    const token = await alice.evaluate(() => localStorage.getItem('webrtc-call.token'));
    const res = await alice.request.post(`${baseUrl}/api/rooms`, {
      headers: { authorization: `Bearer ${token}` },
      data: { name: `bench ${randomBytes(3).toString('hex')}`, capacity: 2 },
    });
    const room = await res.json();
    for (const page of [alice, bob]) {
      await page.goto(`${baseUrl}/call/${room.id}`);
      if (relayOnly) await page.locator('[data-testid="relay-only"]').check();
      await page.locator('[data-testid="lobby-join"]:not([disabled])').waitFor({ timeout: 30000 });
    }
    await alice.click('[data-testid="lobby-join"]');
    await alice.locator('[data-testid="call-status"][data-state="connected"]').waitFor({ timeout: 30000 });
    await bob.evaluate(() => {
      window.__setup.clickedAt = performance.now();
      document.querySelector('[data-testid="lobby-join"]').click();
    });
    await waitFor(bob, () => window.__setup.decodedAt !== null);
    const s = await bob.evaluate(() => window.__setup);
    const steps = Object.fromEntries(Object.entries(s.steps).map(([name, at]) => [name, at - s.clickedAt]));
    return { connectedMs: s.connectedAt - s.clickedAt, decodedMs: s.decodedAt - s.clickedAt, steps };
  } finally {
    await alice.close();
    await bob.close();
  }
}

/** The floor: two peer connections in one page, media captured beforehand; from creating them. */
async function floorRun(context, baseUrl, relayOnly) {
  const page = await context.newPage();
  try {
    await page.goto(`${baseUrl}/rooms`);
    const token = await page.evaluate(() => localStorage.getItem('webrtc-call.token'));
    const res = await page.request.get(`${baseUrl}/api/turn/credentials`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const { iceServers } = await res.json();
    return await page.evaluate(
      async ({ iceServers, relayOnly }) => {
        const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
        const config = { iceServers, iceTransportPolicy: relayOnly ? 'relay' : 'all' };
        const t0 = performance.now();
        const [a, b] = [new RTCPeerConnection(config), new RTCPeerConnection(config)];
        a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
        b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
        for (const track of media.getTracks()) a.addTrack(track, media);
        const connected = new Promise((r) =>
          b.addEventListener('connectionstatechange', () => b.connectionState === 'connected' && r(performance.now())),
        );
        await a.setLocalDescription();
        await b.setRemoteDescription(a.localDescription);
        await b.setLocalDescription();
        await a.setRemoteDescription(b.localDescription);
        const connectedAt = await connected;
        for (;;) {
          const stats = await b.getStats();
          const video = [...stats.values()].find((s) => s.type === 'inbound-rtp' && s.kind === 'video');
          if (video && video.framesDecoded > 0) break;
          await new Promise((r) => setTimeout(r, 10));
        }
        const decodedAt = performance.now();
        a.close();
        b.close();
        media.getTracks().forEach((t) => t.stop());
        return { connectedMs: connectedAt - t0, decodedMs: decodedAt - t0 };
      },
      { iceServers, relayOnly },
    );
  } finally {
    await page.close();
  }
}

/** Each step of Bob's set-up (socket frames, ICE states) as the median time after his click. */
function medianSteps(runs) {
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.steps)))];
  return names
    .map((name) => [name, median(runs.map((r) => r.steps[name]).filter((v) => v !== undefined))])
    .sort((x, y) => x[1] - y[1]);
}

async function runBrowser(options, log) {
  log(`browser call set-up: real Chromium, median of ${options.runs}, direct and relay-only through coturn`);
  // Two pages encode and decode video: the browser and the server get both cores here.
  pin(process.pid, ALL_CORES);
  const server = await startProduct(options.basePort, true);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const results = [];
  try {
    const contexts = [await signedIn(browser, server.baseUrl, 'Alice'), await signedIn(browser, server.baseUrl, 'Bob')];
    for (const relayOnly of [false, true]) {
      const path = relayOnly ? 'relay' : 'direct';
      const product = [];
      const floor = [];
      for (let i = 0; i < options.runs; i++) {
        product.push(await productRun(contexts, server.baseUrl, relayOnly));
        floor.push(await floorRun(contexts[0], server.baseUrl, relayOnly));
      }
      const summary = (runs) => ({
        connectedMs: median(runs.map((r) => r.connectedMs)),
        decodedMs: median(runs.map((r) => r.decodedMs)),
      });
      const row = { path, product: summary(product), floor: summary(floor), steps: medianSteps(product) };
      results.push(row);
      log(
        `  ${path.padEnd(6)} webrtc-call: Join → connected ${row.product.connectedMs.toFixed(0)} ms, → first frame ${row.product.decodedMs.toFixed(0)} ms` +
          `   floor: connected ${row.floor.connectedMs.toFixed(0)} ms, first frame ${row.floor.decodedMs.toFixed(0)} ms`,
      );
      log(
        `         Bob's steps (median ms after Join): ${row.steps.map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', ')}`,
      );
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  return results;
}

module.exports = { runBrowser };
