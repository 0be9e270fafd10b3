import type { RoomBanView } from '@webrtc-call/signaling-contracts';
import type { Page } from 'playwright-core';
import { callApi, loginThroughApi } from './support/api';
import { expectDecodingFrom, receiveState } from './support/browser';
import { useBrowserSession } from './support/session';
import { createRoomThroughUi, joinFromLobby, registerThroughUi, tileOf, waitForStatus } from './support/ui';

describe('removing a participant from a call in real Chromium', () => {
  const session = useBrowserSession();
  /** Every WebSocket URL any page of this suite opened. */
  const socketUrls: string[] = [];
  let link: string;
  let roomId: string;
  let aliceUsername: string;
  let alice: Page;
  let bob: Page;

  const newPage = async (): Promise<Page> => {
    const page = await session.newPage();
    page.on('websocket', (socket) => socketUrls.push(socket.url()));
    return page;
  };

  const callError = (page: Page) => page.locator('[data-testid="call-error"]').textContent();

  /** Presses the call page's "Try again" and joins again from the lobby. */
  const tryAgain = async (page: Page): Promise<void> => {
    await page.click('[data-testid="rejoin"]');
    await joinFromLobby(page);
    // Until the lobby is gone the status line may still show the previous attempt's error.
    await page.locator('[data-testid="lobby-join"]').waitFor({ state: 'detached' });
  };

  it('lets the room owner remove Bob, who stays out of the room until the owner lifts the bar', async () => {
    alice = await newPage();
    await alice.goto(`${session.server.baseUrl}/login`);
    aliceUsername = await registerThroughUi(alice, 'Alice');
    await alice.waitForURL('**/rooms');
    link = await createRoomThroughUi(alice, 'Moderated call');
    roomId = new URL(link).pathname.split('/').pop() as string;
    await joinFromLobby(alice);
    await waitForStatus(alice, 'connected');

    bob = await newPage();
    await bob.goto(link);
    await bob.waitForURL('**/login**');
    await registerThroughUi(bob, 'Bob');
    await bob.waitForURL(link);
    await joinFromLobby(bob);
    await waitForStatus(bob, 'connected');
    await Promise.all([expectDecodingFrom(alice, 1), expectDecodingFrom(bob, 1)]);

    await tileOf(alice, 'Bob').locator('[data-testid="remove-peer"]').click();
    await tileOf(alice, 'Bob').locator('[data-testid="confirm-remove"]').click();

    await waitForStatus(bob, 'error', 15000);
    await expect(callError(bob)).resolves.toMatch(/You were removed from this call/);
    const bobAfterRemoval = await bob.evaluate(() => ({
      tracks: window.__localTracks.map((t) => t.readyState),
      connections: window.__peerConnections.map((pc) => pc.connectionState),
    }));
    expect(bobAfterRemoval.tracks.length).toBeGreaterThanOrEqual(2);
    expect(bobAfterRemoval.tracks.every((state) => state === 'ended')).toBe(true);
    expect(bobAfterRemoval.connections.every((state) => state === 'closed')).toBe(true);
    await tileOf(alice, 'Bob').waitFor({ state: 'detached', timeout: 15000 });
    expect(await receiveState(alice)).toEqual([]);

    await tryAgain(bob);
    await waitForStatus(bob, 'error');
    await expect(callError(bob)).resolves.toMatch(/You were removed from this room/);
    expect(await receiveState(bob)).toEqual([]);
    await expect(alice.locator('[data-testid="remote-tile"]').count()).resolves.toBe(0);
    await waitForStatus(alice, 'connected', 1000);

    const { accessToken } = await loginThroughApi(session.server.baseUrl, aliceUsername);
    const bars = await callApi<RoomBanView[]>(session.server.baseUrl, 'GET', `/rooms/${roomId}/bans`, accessToken);
    expect(bars.status).toBe(200);
    const bobsBar = bars.body?.find((bar) => bar.displayName === 'Bob');
    expect(bobsBar).toBeDefined();
    const lift = await callApi(
      session.server.baseUrl,
      'DELETE',
      `/rooms/${roomId}/bans/${bobsBar?.userId ?? ''}`,
      accessToken,
    );
    expect(lift.status).toBe(204);

    await tryAgain(bob);
    await waitForStatus(bob, 'connected');
    await tileOf(alice, 'Bob').waitFor({ timeout: 15000 });
    await Promise.all([expectDecodingFrom(alice, 1), expectDecodingFrom(bob, 1)]);
  });

  it('offers no Remove button to a participant who neither owns the room nor administers the server', async () => {
    // The owner's page, in the same call at the same moment, does offer it.
    await tileOf(alice, 'Bob').locator('[data-testid="remove-peer"]').waitFor();
    await tileOf(bob, 'Alice').waitFor();
    await expect(bob.locator('[data-testid="remove-peer"]').count()).resolves.toBe(0);
    await expect(tileOf(bob, 'Alice').locator('[data-testid="remove-peer"]').count()).resolves.toBe(0);
  });

  it('opens every signaling socket with a single-use ticket, never with the access token in the URL', () => {
    // Alice's join, and Bob's first join, refused join and join after the bar was lifted.
    expect(socketUrls.length).toBeGreaterThanOrEqual(4);
    for (const url of socketUrls) {
      expect(url).toMatch(/\/ws\?(.*&)?ticket=[^&]+/);
      expect(url).not.toMatch(/token=/);
    }
  });
});
