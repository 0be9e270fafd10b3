import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { dropSockets, expectDecodingFrom, receiveState, sentVideoLabels } from './support/browser';
import { useBrowserSession } from './support/session';
import { createRoomThroughUi, joinFromLobby, registerThroughUi, tileOf, waitForStatus } from './support/ui';

const SCREENSHOTS = resolve(__dirname, '../../../tmp/screenshots');

/** Waits until the stats panel on `page` shows video from `name` at a width matching `accept`. */
async function expectReceivedWidth(page: Page, name: string, accept: (width: number) => boolean): Promise<void> {
  const cell = page.locator(`[data-testid="stats-peer"][aria-label="${name}"] [data-testid="stat-resolution"]`);
  const deadline = Date.now() + 30000;
  let text: string | null = null;
  while (Date.now() < deadline) {
    text = await cell.textContent();
    if (accept(Number(/^(\d+)×/.exec(text?.trim() ?? '')?.[1] ?? 0))) return;
    await page.waitForTimeout(300);
  }
  throw new Error(`received resolution from ${name} stayed at ${text}`);
}

describe('a three-person call in real Chromium', () => {
  const session = useBrowserSession();
  let link: string;
  let alice: Page;
  let bob: Page;
  let carol: Page;

  const newPage = () => session.newPage();

  /** A new user opens the room link, logs in and joins from the lobby. */
  const arrive = async (name: string): Promise<Page> => {
    const page = await newPage();
    await page.goto(link);
    await page.waitForURL('**/login**');
    await registerThroughUi(page, name);
    await page.waitForURL(link);
    await joinFromLobby(page);
    return page;
  };

  beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));

  it('connects three users in a room of capacity 3 who all decode each other’s video', async () => {
    alice = await newPage();
    await alice.goto(`${session.server.baseUrl}/login`);
    await registerThroughUi(alice, 'Alice');
    await alice.waitForURL('**/rooms');
    link = await createRoomThroughUi(alice, 'Team of three', 3);
    await joinFromLobby(alice);
    await waitForStatus(alice, 'connected');

    bob = await arrive('Bob');
    carol = await arrive('Carol');
    await Promise.all([alice, bob, carol].map((page) => waitForStatus(page, 'connected')));
    await Promise.all([alice, bob, carol].map((page) => expectDecodingFrom(page, 2)));

    await expect(alice.locator('[data-testid="remote-name"]').allTextContents()).resolves.toEqual(['Bob', 'Carol']);
    const badges = await alice
      .locator('[data-testid="peer-state"]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-state')));
    expect(badges).toEqual(['connected', 'connected']);
  });

  it('shows the call with the stats panel filled from getStats (screenshots)', async () => {
    await alice.click('[data-testid="toggle-stats"]');
    const panel = alice.locator('[data-testid="stats-panel"]');
    await panel.waitFor();
    await alice.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('[data-testid="stat-fps"]')).every((el) =>
          /\d/.test(el.textContent ?? ''),
        ) &&
        Array.from(document.querySelectorAll('[data-testid="stat-bitrate"]')).every((el) =>
          /\d/.test(el.textContent ?? ''),
        ),
      undefined,
      { timeout: 20000 },
    );
    await expect(panel.locator('[data-testid="stats-peer"]').count()).resolves.toBe(2);
    const candidate = await panel.locator('[data-testid="stat-candidate"]').first().textContent();
    expect(candidate?.trim()).toMatch(/^(host|srflx|prflx|relay)$/);
    await expect(panel.locator('[data-testid="stat-codec"]').first().textContent()).resolves.toMatch(
      /VP8|VP9|H264|AV1/,
    );
    await alice.screenshot({ path: join(SCREENSHOTS, 'call-3-participants-stats.png') });
    await alice.click('[data-testid="toggle-stats"]');
    await alice.screenshot({ path: join(SCREENSHOTS, 'call-3-participants.png') });
    await carol.setViewportSize({ width: 390, height: 844 });
    await carol.screenshot({ path: join(SCREENSHOTS, 'call-3-participants-phone.png'), fullPage: true });
    await carol.setViewportSize({ width: 1280, height: 800 });
  });

  it('tells a fourth user that the room is full', async () => {
    const dave = await newPage();
    await dave.goto(link);
    await dave.waitForURL('**/login**');
    await registerThroughUi(dave, 'Dave');
    await dave.waitForURL(link);
    await joinFromLobby(dave);
    await waitForStatus(dave, 'error');
    await expect(dave.locator('[data-testid="call-error"]').textContent()).resolves.toMatch(/room is full/i);
    expect(await receiveState(dave)).toEqual([]);
  });

  it('shows Alice muting her microphone and camera on the others’ tiles', async () => {
    await alice.click('[data-testid="toggle-audio"]');
    for (const page of [bob, carol]) {
      await tileOf(page, 'Alice').locator('[data-testid="peer-muted"]').waitFor({ timeout: 15000 });
    }
    await alice.click('[data-testid="toggle-video"]');
    for (const page of [bob, carol]) {
      await tileOf(page, 'Alice').locator('[data-testid="peer-camera-off"]').waitFor({ timeout: 15000 });
    }
    await alice.click('[data-testid="toggle-audio"]');
    await alice.click('[data-testid="toggle-video"]');
    for (const page of [bob, carol]) {
      await tileOf(page, 'Alice').locator('[data-testid="peer-muted"]').waitFor({ state: 'detached', timeout: 15000 });
      await tileOf(page, 'Alice')
        .locator('[data-testid="peer-camera-off"]')
        .waitFor({ state: 'detached', timeout: 15000 });
    }
  });

  it('delivers chat messages to everyone else', async () => {
    await alice.click('[data-testid="toggle-chat"]');
    await alice.fill('input[name="chatText"]', 'Hello from Alice');
    await alice.click('[data-testid="chat-send"]');
    for (const page of [bob, carol]) {
      await page.locator('[data-testid="chat-unread"]').waitFor({ timeout: 15000 });
      await page.click('[data-testid="toggle-chat"]');
      await page.locator('[data-testid="chat-message"]', { hasText: 'Hello from Alice' }).waitFor();
      await expect(page.locator('[data-testid="chat-message"]', { hasText: 'Alice' }).count()).resolves.toBe(1);
    }
    await carol.fill('input[name="chatText"]', 'Hi Alice, Carol here');
    await carol.click('[data-testid="chat-send"]');
    await alice.locator('[data-testid="chat-message"]', { hasText: 'Carol here' }).waitFor({ timeout: 15000 });
    await expect(alice.locator('[data-testid="chat-message"]').count()).resolves.toBe(2);
  });

  it('switches Bob’s outgoing video to his screen and back, and the others receive each source', async () => {
    // The fake camera and the fake screen draw the same picture, so the sources are told apart by what
    // the others receive: on "low" the camera is sent at a third of its size, a screen always in full.
    await bob.selectOption('[data-testid="quality"]', 'low');
    await alice.click('[data-testid="toggle-stats"]');
    await expectReceivedWidth(alice, 'Bob', (width) => width > 0 && width <= 480);

    await bob.click('[data-testid="toggle-screen"]');
    await bob.locator('[data-testid="toggle-screen"][aria-pressed="true"]').waitFor();
    await expect(sentVideoLabels(bob)).resolves.toEqual([
      expect.stringMatching(/^screen/),
      expect.stringMatching(/^screen/),
    ]);
    await expectReceivedWidth(alice, 'Bob', (width) => width >= 960);
    await Promise.all([alice, carol].map((page) => expectDecodingFrom(page, 2)));

    // The browser's own "Stop sharing" button ends the track; the app must fall back to the camera.
    await bob.evaluate(() => {
      const track = window.__peerConnections
        .flatMap((pc) => pc.getSenders())
        .find((sender) => sender.track?.label.startsWith('screen'))?.track;
      track?.stop();
      track?.dispatchEvent(new Event('ended'));
    });
    await bob.locator('[data-testid="toggle-screen"][aria-pressed="false"]').waitFor();
    await expect(sentVideoLabels(bob)).resolves.toEqual([
      expect.not.stringMatching(/^screen/),
      expect.not.stringMatching(/^screen/),
    ]);
    await expectReceivedWidth(alice, 'Bob', (width) => width > 0 && width <= 480);
    await Promise.all([alice, carol].map((page) => expectDecodingFrom(page, 2)));
    await alice.click('[data-testid="toggle-stats"]');
    await bob.selectOption('[data-testid="quality"]', 'auto');
  });

  it('recovers Carol’s call without a reload after her signaling socket is dropped', async () => {
    const connectionsBefore = await carol.evaluate(() => window.__peerConnections.length);
    await expect(dropSockets(carol)).resolves.toBe(1);
    await waitForStatus(carol, 'reconnecting', 5000);
    await waitForStatus(carol, 'connected', 30000);
    await expect(
      carol.evaluate(() => window.__sockets.filter((s) => s.readyState === WebSocket.OPEN).length),
    ).resolves.toBe(1);

    await Promise.all([alice, bob, carol].map((page) => expectDecodingFrom(page, 2)));
    // With the seat resumed nobody renegotiates from scratch: the same connections carry on.
    const connectionsAfter = await carol.evaluate(() => window.__peerConnections.length);
    expect(connectionsAfter).toBe(connectionsBefore);
    await expect(alice.locator('[data-testid="remote-name"]').allTextContents()).resolves.toEqual(['Bob', 'Carol']);
    await expect(carol.locator('[data-testid="peer-state"][data-state="connected"]').count()).resolves.toBe(2);
  });
});
