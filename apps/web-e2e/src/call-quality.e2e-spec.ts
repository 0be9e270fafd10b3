import type { Page } from 'playwright-core';
import { expectAccessible } from './support/axe';
import { expectDecodingFrom } from './support/browser';
import { useBrowserSession } from './support/session';
import { createRoomThroughUi, joinFromLobby, registerThroughUi, tileOf, waitForStatus } from './support/ui';

interface SentSize {
  width: number;
  height: number;
}

/** The size of the video each of the page's open connections sends, from its outbound-rtp stats. */
function sentSizes(page: Page): Promise<SentSize[]> {
  return page.evaluate(async () =>
    Promise.all(
      window.__peerConnections
        .filter((pc) => pc.connectionState !== 'closed')
        .map(async (pc) => {
          let size = { width: 0, height: 0 };
          (await pc.getStats()).forEach(
            (report: { type: string; kind?: string; frameWidth?: number; frameHeight?: number }) => {
              if (report.type === 'outbound-rtp' && report.kind === 'video' && report.frameWidth) {
                size = { width: report.frameWidth, height: report.frameHeight ?? 0 };
              }
            },
          );
          return size;
        }),
    ),
  );
}

const ABOVE_180P = (size: SentSize) => size.width > 320 && size.height > 180;

describe('call quality in a three-person call in real Chromium', () => {
  const session = useBrowserSession();
  let link: string;
  let alice: Page;
  let bob: Page;
  let carol: Page;

  const arrive = async (name: string): Promise<Page> => {
    const page = await session.newPage();
    await page.goto(link);
    await page.waitForURL('**/login**');
    await registerThroughUi(page, name);
    await page.waitForURL(link);
    await joinFromLobby(page);
    return page;
  };

  it('in auto quality sends every peer more than 320×180 on an idle loopback', async () => {
    alice = await session.newPage();
    await alice.goto(`${session.server.baseUrl}/login`);
    await registerThroughUi(alice, 'Alice');
    await alice.waitForURL('**/rooms');
    link = await createRoomThroughUi(alice, 'Quality of three', 3);
    await joinFromLobby(alice);
    await waitForStatus(alice, 'connected');
    bob = await arrive('Bob');
    carol = await arrive('Carol');
    await Promise.all([alice, bob, carol].map((page) => expectDecodingFrom(page, 2)));

    // Past the start (the estimate's ramp-up, the controller's warm-up and first decisions) every sender
    // must be above 180p: a controller that mistakes the ramp for a poor path has stepped down by then.
    await alice.waitForTimeout(12000);
    const deadline = Date.now() + 20000;
    let sizes: SentSize[][] = [];
    for (;;) {
      sizes = await Promise.all([alice, bob, carol].map(sentSizes));
      if (sizes.every((page) => page.length === 2 && page.every(ABOVE_180P))) break;
      if (Date.now() > deadline) throw new Error(`video sent at ${JSON.stringify(sizes)}`);
      await alice.waitForTimeout(500);
    }
  });

  it('shows a network indicator with a spoken label on every remote tile, and the page stays accessible', async () => {
    for (const [page, others] of [
      [alice, ['Bob', 'Carol']],
      [bob, ['Alice', 'Carol']],
      [carol, ['Alice', 'Bob']],
    ] as const) {
      for (const name of others) {
        const indicator = tileOf(page, name).locator('[data-testid="network-quality"]');
        await indicator.waitFor({ timeout: 15000 });
        await expect(indicator.getAttribute('data-band')).resolves.toMatch(/^(good|fair|poor)$/);
        await expect(indicator.getAttribute('aria-label')).resolves.toMatch(new RegExp(`^Network to ${name}: `));
      }
    }
    await alice.click('[data-testid="toggle-stats"]');
    await alice
      .locator('[data-testid="stat-sending"]', { hasText: /\d+p · / })
      .first()
      .waitFor({ timeout: 15000 });
    await expectAccessible(alice, 'call with network indicators and stats');
    await alice.click('[data-testid="toggle-stats"]');
  });

  it('sends each leg’s final sample before leave, then sums up the call', async () => {
    await alice.evaluate(() => {
      const sent: string[] = [];
      (window as unknown as { __sent: string[] }).__sent = sent;
      const send = WebSocket.prototype.send;
      WebSocket.prototype.send = function (this: WebSocket, data: string) {
        sent.push(String(data));
        return send.call(this, data);
      };
    });
    await alice.click('[data-testid="leave"]');
    await waitForStatus(alice, 'left');
    const frames = await alice.evaluate(() =>
      (window as unknown as { __sent: string[] }).__sent.map(
        (frame) => JSON.parse(frame) as { event: string; data: Record<string, unknown> },
      ),
    );
    const tail = frames.filter((frame) => frame.event !== 'keepalive').slice(-3);
    expect(tail.map((frame) => [frame.event, frame.data['final'] ?? null, frame.data['outcome'] ?? null])).toEqual([
      ['stats', true, 'connected'],
      ['stats', true, 'connected'],
      ['leave', null, null],
    ]);
    expect(tail[0].data['timeToConnectMs']).toEqual(expect.any(Number));
    expect(tail[0].data['timeToFirstFrameMs']).toEqual(expect.any(Number));

    const summary = alice.locator('[data-testid="call-summary"]');
    await summary.waitFor();
    await expect(summary.locator('[data-testid="summary-duration"]').textContent()).resolves.toMatch(/Duration: \d+/);
    const lines = await summary.locator('[data-testid="summary-peer"]').allTextContents();
    expect(lines.map((line) => line.trim())).toEqual([
      expect.stringMatching(/^Bob: (good|fair|poor) · \d+ ms round trip · [\d.]+ % loss · direct$/),
      expect.stringMatching(/^Carol: (good|fair|poor) · \d+ ms round trip · [\d.]+ % loss · direct$/),
    ]);
    await expectAccessible(alice, 'after leaving');
  });
});
