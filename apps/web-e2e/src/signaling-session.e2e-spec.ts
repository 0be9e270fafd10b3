import type { Page } from 'playwright-core';
import { callApi, loginThroughApi } from './support/api';
import { expectDecodingFrom, receiveState } from './support/browser';
import { useBrowserSession } from './support/session';
import { createRoomThroughUi, joinFromLobby, PASSWORD, registerThroughUi, tileOf, waitForStatus } from './support/ui';

declare global {
  interface Window {
    __loadedOnce?: true;
  }
}

describe('the signaling session of a call in real Chromium', () => {
  const session = useBrowserSession();
  const socketUrls: string[] = [];
  let roomId: string;
  let bobUsername: string;
  let alice: Page;
  let bob: Page;

  const newPage = async (): Promise<Page> => {
    const page = await session.newPage();
    page.on('websocket', (socket) => socketUrls.push(socket.url()));
    return page;
  };

  beforeAll(async () => {
    alice = await newPage();
    await alice.goto(`${session.server.baseUrl}/login`);
    await registerThroughUi(alice, 'Alice');
    await alice.waitForURL('**/rooms');
    const link = await createRoomThroughUi(alice, 'Long call');
    roomId = new URL(link).pathname.split('/').pop() as string;
    await joinFromLobby(alice);
    await waitForStatus(alice, 'connected');

    bob = await newPage();
    await bob.goto(link);
    await bob.waitForURL('**/login**');
    bobUsername = await registerThroughUi(bob, 'Bob');
    await bob.waitForURL(link);
    await joinFromLobby(bob);
    await waitForStatus(bob, 'connected');
    await Promise.all([expectDecodingFrom(alice, 1), expectDecodingFrom(bob, 1)]);
  });

  it('carries a two-person call through a restart of the server, without a reload', async () => {
    for (const page of [alice, bob]) await page.evaluate(() => (window.__loadedOnce = true));
    const socketsBefore = socketUrls.length;

    await Promise.all([session.server.restart(), ...[alice, bob].map((page) => waitForStatus(page, 'reconnecting'))]);
    await Promise.all([alice, bob].map((page) => waitForStatus(page, 'connected', 60000)));

    // Seats live in the server's memory, so the restarted server seats both afresh and they negotiate new
    // connections: one open connection each, decoding again, is the call carrying on.
    await Promise.all([expectDecodingFrom(alice, 1), expectDecodingFrom(bob, 1)]);
    for (const page of [alice, bob]) await expect(page.evaluate(() => window.__loadedOnce)).resolves.toBe(true);
    await expect(alice.locator('[data-testid="remote-name"]').allTextContents()).resolves.toEqual(['Bob']);
    await expect(bob.locator('[data-testid="remote-name"]').allTextContents()).resolves.toEqual(['Alice']);
    const reconnects = socketUrls.slice(socketsBefore);
    expect(reconnects.length).toBeGreaterThanOrEqual(2);
    for (const url of reconnects) expect(url).toMatch(/\/ws\?ticket=[^&]+$/);
  });

  it('ends Bob’s call and sends him to log in when he logs out everywhere from another device', async () => {
    const ticketAnswers: number[] = [];
    bob.on('response', (response) => {
      if (new URL(response.url()).pathname === '/api/signaling/ticket') ticketAnswers.push(response.status());
    });
    const { accessToken } = await loginThroughApi(session.server.baseUrl, bobUsername);
    await expect(callApi(session.server.baseUrl, 'POST', '/auth/logout-all', accessToken)).resolves.toMatchObject({
      status: 204,
    });

    await bob.waitForURL(
      (url) => url.pathname === '/login' && url.searchParams.get('returnUrl') === `/call/${roomId}`,
      { timeout: 15000 },
    );
    // The page asked once for a fresh ticket, in case it held a newer token, and was refused.
    expect(ticketAnswers).toEqual([401]);
    const bobAfter = await bob.evaluate(() => ({
      tracks: window.__localTracks.map((t) => t.readyState),
      connections: window.__peerConnections.map((pc) => pc.connectionState),
      openSockets: window.__sockets.filter((s) => s.readyState !== WebSocket.CLOSED).length,
    }));
    expect(bobAfter.tracks.every((state) => state === 'ended')).toBe(true);
    expect(bobAfter.connections.every((state) => state === 'closed')).toBe(true);
    expect(bobAfter.openSockets).toBe(0);

    const notice = bob.locator('[data-testid="session-expired"]');
    await notice.waitFor({ timeout: 15000 });
    await expect(notice.textContent()).resolves.toMatch(/session has expired/i);

    await tileOf(alice, 'Bob').waitFor({ state: 'detached', timeout: 15000 });
    expect(await receiveState(alice)).toEqual([]);
    await waitForStatus(alice, 'connected', 1000);

    // Logging in again leads straight back to the call.
    await bob.fill('input[name="username"]', bobUsername);
    await bob.fill('input[name="password"]', PASSWORD);
    await bob.click('[data-testid="login-submit"]');
    await bob.waitForURL(`**/call/${roomId}`);
    await joinFromLobby(bob);
    await waitForStatus(bob, 'connected');
    await Promise.all([expectDecodingFrom(alice, 1), expectDecodingFrom(bob, 1)]);
  });
});

describe('the lobby in real Chromium', () => {
  const session = useBrowserSession();

  it('opens the signaling socket while the preview shows, and Join sends the join on it', async () => {
    const page = await session.newPage();
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    await page.goto(`${session.server.baseUrl}/login`);
    await registerThroughUi(page, 'Dana');
    await page.waitForURL('**/rooms');
    await createRoomThroughUi(page, 'Warm start');

    // Before anyone presses Join, the socket is already open.
    await page.waitForFunction(() => window.__sockets.some((socket) => socket.readyState === WebSocket.OPEN));
    expect(sockets).toHaveLength(1);
    await joinFromLobby(page);
    await waitForStatus(page, 'connected');
    expect(sockets).toHaveLength(1);
  });
});
