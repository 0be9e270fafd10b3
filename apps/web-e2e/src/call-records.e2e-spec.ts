import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type {
  CallDetailView,
  CallSummaryView,
  LegView,
  LoginResponse,
  Page as ListPage,
  QualityReport,
} from '@webrtc-call/signaling-contracts';
import type { Page } from 'playwright-core';
import { callApi } from './support/api';
import { expectAccessible } from './support/axe';
import { expectDecodingFrom } from './support/browser';
import { iceState } from './support/ice';
import { useBrowserSession } from './support/session';
import { createRoomThroughUi, joinFromLobby, joinRelayOnly, registerThroughUi, waitForStatus } from './support/ui';

const ADMIN = { username: 'auditor', password: 'auditor-password' };
const SCREENSHOTS = resolve(__dirname, '../../../tmp/screenshots');

interface SentStats {
  final: boolean;
  outcome: string;
}

declare global {
  interface Window {
    __statsSent: SentStats[];
  }
}

/** Keeps every `stats` frame the page sends, so the test knows how many samples the server must hold. */
async function recordStatsFrames(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__statsSent = [];
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
      if (typeof data === 'string') {
        try {
          const frame = JSON.parse(data) as { event?: string; data?: { final?: boolean; outcome?: string } };
          if (frame.event === 'stats') {
            window.__statsSent.push({ final: frame.data?.final === true, outcome: String(frame.data?.outcome) });
          }
        } catch {
          // not JSON: not ours to count
        }
      }
      return send.call(this, data);
    };
  });
}

function statsSent(page: Page): Promise<SentStats[]> {
  return page.evaluate(() => window.__statsSent);
}

async function adminToken(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  if (!response.ok) throw new Error(`admin login answered ${response.status}`);
  return ((await response.json()) as LoginResponse).accessToken;
}

async function get<T>(baseUrl: string, token: string, path: string): Promise<T> {
  const answer = await callApi<T>(baseUrl, 'GET', path, token);
  if (answer.status !== 200 || answer.body === null) throw new Error(`GET ${path} answered ${answer.status}`);
  return answer.body;
}

/** Polls `read` until `done` holds; fails with the last value read. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still not there after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface Call {
  room: string;
  /** The stats frames both pages sent: every one of them belongs to the call's one leg. */
  samplesSent: number;
}

describe('call records of a direct and a relayed call (real Chromium, real coturn)', () => {
  const session = useBrowserSession({
    turn: true,
    env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password },
  });
  const calls: Record<'direct' | 'relay', Call> = {
    direct: { room: 'Direct call', samplesSent: 0 },
    relay: { room: 'Relayed call', samplesSent: 0 },
  };

  beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));

  /** Two accounts meet in a new room, decode each other's video on the expected path, then both leave. */
  const holdCall = async (kind: 'direct' | 'relay'): Promise<void> => {
    const join = kind === 'relay' ? joinRelayOnly : joinFromLobby;
    const alice = await session.newPage();
    await recordStatsFrames(alice);
    await alice.goto(`${session.server.baseUrl}/login`);
    await registerThroughUi(alice, 'Alice');
    await alice.waitForURL('**/rooms');
    const link = await createRoomThroughUi(alice, calls[kind].room);
    await join(alice);
    await waitForStatus(alice, 'connected');

    const bob = await session.newPage();
    await recordStatsFrames(bob);
    await bob.goto(link);
    await bob.waitForURL('**/login**');
    await registerThroughUi(bob, 'Bob');
    await bob.waitForURL(link);
    await join(bob);
    await Promise.all([expectDecodingFrom(alice, 1), expectDecodingFrom(bob, 1)]);
    const path = kind === 'relay' ? 'relay' : 'host';
    for (const page of [alice, bob]) {
      const [state] = await iceState(page);
      expect([state.selectedLocal, state.selectedRemote]).toEqual([path, path]);
    }

    if (kind === 'direct') {
      // Shorter than one sample interval: only the final samples carry the leg, from the leg's own readings.
      await alice.waitForTimeout(4000);
      expect([...(await statsSent(alice)), ...(await statsSent(bob))]).toEqual([]);
    } else {
      // Past one interval: each side sends a periodic sample before its final one.
      await eventually(
        async () => [(await statsSent(alice)).length, (await statsSent(bob)).length],
        (counts) => counts.every((n) => n > 0),
        20000,
      );
    }

    await bob.click('[data-testid="leave"]');
    await waitForStatus(bob, 'left');
    await alice.click('[data-testid="leave"]');
    await waitForStatus(alice, 'left');
    const sent = [...(await statsSent(alice)), ...(await statsSent(bob))];
    // Each side ends its leg with one final sample, and the leg had connected.
    expect(sent.filter((s) => s.final)).toEqual([
      { final: true, outcome: 'connected' },
      { final: true, outcome: 'connected' },
    ]);
    calls[kind].samplesSent = sent.length;
    await alice.context().close();
    await bob.context().close();
  };

  it('holds a direct call between two accounts, both decoding video over host candidates', async () => {
    await holdCall('direct');
  });

  it('holds a relay-only call through coturn, both decoding video over relay candidates', async () => {
    await holdCall('relay');
  });

  it('records both calls, ended, each with one connected leg on the path it took and sane figures', async () => {
    const { baseUrl } = session.server;
    const token = await adminToken(baseUrl);
    const list = await eventually(
      () => get<ListPage<CallSummaryView>>(baseUrl, token, '/admin/calls'),
      (page) => page.items.length === 2 && page.items.every((call) => call.endedAt !== null),
    );
    expect(list.items.map((call) => call.roomName).sort()).toEqual([calls.direct.room, calls.relay.room].sort());

    for (const kind of ['direct', 'relay'] as const) {
      const summary = list.items.find((call) => call.roomName === calls[kind].room) as CallSummaryView;
      expect(summary.participants.map((p) => p.displayName)).toEqual(['Alice', 'Bob']);
      // Final samples reach the server as the pages leave: wait until it holds every sample sent.
      const detail = await eventually(
        () => get<CallDetailView>(baseUrl, token, `/admin/calls/${summary.id}`),
        (call) => call.legs.length === 1 && call.legs[0].samples === calls[kind].samplesSent,
      );
      const leg = detail.legs[0] as LegView;
      const path = kind === 'relay' ? 'relay' : 'host';
      expect(leg.outcome).toBe('connected');
      expect(leg.candidateType).toEqual({ local: path, remote: path });
      expect([leg.a.displayName, leg.b.displayName]).toEqual(['Alice', 'Bob']);
      expect(leg.timeToConnectMs).toBeGreaterThan(0);
      expect(leg.timeToConnectMs).toBeLessThan(30000);
      expect(leg.bitrateKbps?.avg).toBeGreaterThan(0);
      expect(leg.bitrateKbps?.avg).toBeLessThan(50000);
      expect(leg.rttMs).toEqual(expect.objectContaining({ count: expect.any(Number), avg: expect.any(Number) }));
      // Even a leg shorter than one interval has its loss: counted from the stream's start.
      expect(leg.lossPercent).toEqual(expect.objectContaining({ count: expect.any(Number), avg: expect.any(Number) }));
      expect(leg.mos).toBeGreaterThanOrEqual(1);
      expect(leg.mos).toBeLessThanOrEqual(4.5);
      console.log(
        `${kind} call: time to connect ${leg.timeToConnectMs} ms, first frame ${leg.timeToFirstFrameMs} ms, bitrate avg ${Math.round(
          leg.bitrateKbps?.avg ?? 0,
        )} kbps (max ${Math.round(leg.bitrateKbps?.max ?? 0)}), RTT avg ${leg.rttMs?.avg.toFixed(1)} ms, MOS ${
          leg.mos
        } (${leg.band}), loss avg ${leg.lossPercent?.avg} %, candidates ${leg.candidateType.local}/${leg.candidateType.remote}, ${leg.samples} samples`,
      );
    }

    const today = new Date().toISOString().slice(0, 10);
    const report = await get<QualityReport>(baseUrl, token, '/admin/quality');
    const day = report.days.find((d) => d.day === today);
    expect(day).toEqual(expect.objectContaining({ legsTried: 2, legsConnected: 2, successRate: 1, relayShare: 0.5 }));
    console.log(
      `quality today: success rate ${day?.successRate}, relay share ${day?.relayShare}, time to connect p50 ${day?.timeToConnectMs.p50} ms, MOS p50 ${day?.mosP50}`,
    );
  });

  it('shows the administrator the charts, the day at 100 % and each call’s leg on its path', async () => {
    const page = await session.newPage({ width: 1280, height: 1000 });
    await page.goto(`${session.server.baseUrl}/login`);
    await page.fill('input[name="username"]', ADMIN.username);
    await page.fill('input[name="password"]', ADMIN.password);
    await page.click('[data-testid="login-submit"]');
    await page.waitForURL('**/rooms');
    await page.goto(`${session.server.baseUrl}/admin`);

    const section = page.locator('[data-testid="call-quality"]');
    const canvases = section.locator('canvas[data-testid="quality-chart"]');
    await canvases.first().waitFor();
    await expect(canvases.count()).resolves.toBe(4);
    // Chart.js marks each canvas it draws on; a drawn chart has pixels, some in the series' colours.
    const drawn = await eventually(
      () =>
        canvases.evaluateAll((elements) =>
          (elements as HTMLCanvasElement[]).map((canvas) => {
            const context = canvas.getContext('2d');
            const { width, height } = canvas;
            const attached = '$chartjs' in canvas;
            // Drawn inside its frame, not spilling over what follows it.
            const box = canvas.getBoundingClientRect();
            const frame = (canvas.parentElement as HTMLElement).getBoundingClientRect();
            const inFrame = box.height > 0 && box.bottom <= frame.bottom + 1 && box.right <= frame.right + 1;
            if (!context || width === 0 || height === 0) {
              return { width, height, attached, inFrame, painted: 0, series: 0 };
            }
            const pixels = context.getImageData(0, 0, width, height).data;
            let painted = 0;
            let series = 0;
            for (let i = 0; i < pixels.length; i += 4) {
              if (pixels[i + 3] === 0) continue;
              painted++;
              // #2459c4 and #b54708, the two series colours (anti-aliasing blurs them a little).
              const [r, g, b] = [pixels[i], pixels[i + 1], pixels[i + 2]];
              const near = (x: number, y: number, z: number) =>
                Math.abs(r - x) < 24 && Math.abs(g - y) < 24 && Math.abs(b - z) < 24;
              if (near(0x24, 0x59, 0xc4) || near(0xb5, 0x47, 0x08)) series++;
            }
            return { width, height, attached, inFrame, painted, series };
          }),
        ),
      (charts) => charts.every((c) => c.attached && c.inFrame && c.painted > 0 && c.series > 0),
    );
    for (const chart of drawn) {
      expect(chart.width).toBeGreaterThan(0);
      expect(chart.height).toBeGreaterThan(0);
    }

    await section.locator('details summary').click();
    const today = new Date().toISOString().slice(0, 10);
    const row = section.locator('[data-testid="quality-days"] tbody tr', { hasText: today });
    await expect(row.locator('td').allTextContents()).resolves.toEqual([
      '2',
      '100%',
      '50%',
      expect.stringMatching(/^\d+ ms$/),
      expect.stringMatching(/^\d+ ms$/),
      expect.stringMatching(/%$/),
      expect.stringMatching(/^[1-4]\.\d\d$/),
    ]);
    await section.locator('details').evaluate((details) => ((details as HTMLDetailsElement).open = false));
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: join(SCREENSHOTS, 'admin-call-quality.png') });

    const recent = page.locator('[data-testid="recent-calls"]');
    const rows = recent.locator('[data-testid="call-row"]');
    await rows.first().waitFor();
    await expect(rows.count()).resolves.toBe(2);
    for (const [kind, path] of [
      ['direct', 'direct'],
      ['relay', 'relay'],
    ] as const) {
      const callRow = rows.filter({ hasText: calls[kind].room });
      await expect(callRow.locator('[data-testid="call-participants"]').textContent()).resolves.toBe('Alice, Bob');
      await expect(callRow.locator('[data-testid="call-legs"]').textContent()).resolves.toBe('1');
      await expect(callRow.locator('[data-testid="call-ended"]').textContent()).resolves.not.toBe('ongoing');
      const toggle = callRow.locator('[data-testid="call-toggle"]');
      await toggle.click();
      await callRow.locator('[data-testid="call-toggle"][aria-expanded="true"]').waitFor();
      const leg = recent.locator(`[id="${await toggle.getAttribute('aria-controls')}"] [data-testid="call-leg"]`);
      await leg.waitFor();
      await expect(leg.locator('[data-testid="leg-peers"]').textContent()).resolves.toBe('Alice ↔ Bob');
      await expect(leg.locator('[data-testid="leg-outcome"]').textContent()).resolves.toBe('connected');
      await expect(leg.locator('[data-testid="leg-path"]').textContent()).resolves.toBe(`${path} / ${path}`);
      await expect(leg.locator('[data-testid="leg-bitrate"]').textContent()).resolves.toMatch(/^\d+ kbps$/);
      await expect(leg.locator('[data-testid="leg-mos"]').textContent()).resolves.toMatch(/^\d\.\d\d \(\w+\)$/);
    }
    // The relayed call stays open, as the screenshot shows it.
    await expectAccessible(page, 'admin with call quality and a call expanded');
    await recent.scrollIntoViewIfNeeded();
    await recent.screenshot({ path: join(SCREENSHOTS, 'admin-call-legs.png') });
  });
});
