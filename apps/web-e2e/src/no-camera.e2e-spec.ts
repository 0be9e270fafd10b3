import type { Page } from 'playwright-core';
import { ReceiveState, receiveState, sentVideoLabels } from './support/browser';
import { useBrowserSession } from './support/session';
import { createRoomThroughUi, joinFromLobby, registerThroughUi, waitForStatus } from './support/ui';

/** What the page's single open connection receives: audio packets and decoded video frames. */
async function received(page: Page): Promise<ReceiveState> {
  const [state] = await receiveState(page);
  return state ?? { connectionState: 'closed', audioPackets: 0, framesDecoded: 0 };
}

/** Polls until `pick` of what the page receives grows by more than `by` over its first non-zero value. */
async function expectGrowing(page: Page, pick: (r: ReceiveState) => number, what: string, by = 10): Promise<void> {
  const deadline = Date.now() + 45000;
  let first: number | undefined;
  for (;;) {
    const value = pick(await received(page));
    if (value > 0 && first === undefined) first = value;
    else if (first !== undefined && value > first + by) return;
    if (Date.now() > deadline) throw new Error(`${what} is not arriving (stuck at ${value})`);
    await page.waitForTimeout(250);
  }
}

/** Waits until the page draws a picture in the tile of `name` (its <video> has a width). */
async function expectShowing(page: Page, name: string): Promise<void> {
  const video = page.locator(`[data-testid="remote-video"][data-name="${name}"]`);
  const deadline = Date.now() + 15000;
  while ((await video.evaluate((v: HTMLVideoElement) => v.videoWidth)) === 0) {
    if (Date.now() > deadline) throw new Error(`no picture in ${name}'s tile`);
    await page.waitForTimeout(250);
  }
}

/**
 * Chromium's fake devices cannot take the camera away and keep screen capture (`device-count=0` removes
 * both), so for sharing the camera is taken away where the page asks for it: getUserMedia answers
 * NotFoundError for video, as on a machine without one. Everything after that is the real browser.
 */
async function withoutCameraAtGetUserMedia(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (constraints) =>
      constraints?.video
        ? Promise.reject(new DOMException('Requested device not found', 'NotFoundError'))
        : getUserMedia(constraints);
  });
}

describe('participants without a camera, in real Chromium', () => {
  const session = useBrowserSession();
  let alice: Page;
  let link: string;

  /** A new user opens the room link, logs in and reaches the lobby. */
  const arrive = async (name: string, page: Page): Promise<Page> => {
    await page.goto(link);
    await page.waitForURL('**/login**');
    await registerThroughUi(page, name);
    await page.waitForURL(link);
    await page.locator('[data-testid="media-notice"]', { hasText: 'No camera was found' }).waitFor();
    await expect(page.locator('[data-testid="lobby-toggle-video"]').isDisabled()).resolves.toBe(true);
    await joinFromLobby(page);
    await waitForStatus(page, 'connected');
    return page;
  };

  beforeAll(async () => {
    alice = await session.newPage();
    await alice.goto(`${session.server.baseUrl}/login`);
    await registerThroughUi(alice, 'Alice');
    await alice.waitForURL('**/rooms');
    link = await createRoomThroughUi(alice, 'Laptops without cameras');
    await alice.goto(link);
    await joinFromLobby(alice);
    await waitForStatus(alice, 'connected');
  });

  it('on a machine with no camera at all, joins with the microphone: heard, shown as an avatar, sees the others', async () => {
    const bob = await arrive('Bob', await session.newPage(undefined, { camera: false }));

    await expectGrowing(alice, (r) => r.audioPackets, 'Bob’s audio at Alice', 50);
    await expectGrowing(bob, (r) => r.framesDecoded, 'Alice’s video at Bob');
    await alice.locator('[data-testid="peer-camera-off"]').waitFor();
    await expect(received(alice)).resolves.toMatchObject({ framesDecoded: 0 });
    await expect(bob.locator('[data-testid="toggle-video"]').isDisabled()).resolves.toBe(true);
    await expect(bob.locator('[data-testid="self-camera-off"]').count()).resolves.toBe(1);

    await bob.click('[data-testid="leave"]');
    await alice.locator('[data-testid="remote-tile"]').waitFor({ state: 'detached', timeout: 15000 });
  });

  it('shares the screen on a new video sender: a renegotiation after which the other side shows it', async () => {
    const carolPage = await session.newPage();
    await withoutCameraAtGetUserMedia(carolPage);
    const carol = await arrive('Carol', carolPage);
    await expectGrowing(alice, (r) => r.audioPackets, 'Carol’s audio at Alice', 50);
    await alice.locator('[data-testid="peer-camera-off"]').waitFor();
    await expect(sentVideoLabels(carol)).resolves.toEqual([]);

    await carol.click('[data-testid="toggle-screen"]');
    await carol.locator('[data-testid="toggle-screen"][aria-pressed="true"]').waitFor();
    await expect(sentVideoLabels(carol)).resolves.toEqual([expect.stringMatching(/^screen/)]);
    await expectGrowing(alice, (r) => r.framesDecoded, 'Carol’s screen at Alice');
    await alice.locator('[data-testid="peer-camera-off"]').waitFor({ state: 'detached' });
    await expectShowing(alice, 'Carol');
    await expectGrowing(carol, (r) => r.framesDecoded, 'Alice’s video at Carol after the renegotiation');

    // Stopping shows the avatar again; the connection carries on.
    await carol.click('[data-testid="toggle-screen"]');
    await carol.locator('[data-testid="toggle-screen"][aria-pressed="false"]').waitFor();
    await alice.locator('[data-testid="peer-camera-off"]').waitFor();
    await expectGrowing(alice, (r) => r.audioPackets, 'Carol’s audio at Alice after sharing', 50);
    await expect(alice.locator('[data-testid="peer-state"][data-state="connected"]').count()).resolves.toBe(1);
  });
});
