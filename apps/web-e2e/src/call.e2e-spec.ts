import { expectDecodingFrom, receiveState } from './support/browser';
import { useBrowserSession } from './support/session';
import { joinFromLobby, registerThroughUi, waitForStatus } from './support/ui';

describe('a 1:1 call in real Chromium', () => {
  const session = useBrowserSession();
  const newPage = () => session.newPage();

  it('connects two users who see each other, and the other side sees a leave', async () => {
    const alice = await newPage();
    await alice.goto(`${session.server.baseUrl}/login`);
    await registerThroughUi(alice, 'Alice');
    await alice.waitForURL('**/rooms');
    await alice.fill('input[name="roomName"]', 'Friday call');
    await alice.click('[data-testid="create-room"]');
    await alice.waitForURL('**/call/*');
    const link = alice.url();
    expect(link).toMatch(new RegExp(`^${session.server.baseUrl}/call/[0-9a-f-]{36}$`));
    await alice.locator('#lobby-title', { hasText: 'Ready to join Friday call?' }).waitFor();

    await joinFromLobby(alice);
    await waitForStatus(alice, 'connected');

    const bob = await newPage();
    await bob.goto(link as string);
    await bob.waitForURL('**/login**');
    await registerThroughUi(bob, 'Bob');
    await bob.waitForURL(link as string);
    await bob.locator('[data-testid="lobby-in-call"]', { hasText: 'In the call: Alice.' }).waitFor();
    await joinFromLobby(bob);
    await waitForStatus(bob, 'connected');

    await alice.locator('[data-testid="remote-video"]').waitFor();
    await bob.locator('[data-testid="remote-video"]').waitFor();
    await Promise.all([expectDecodingFrom(alice, 1, 45000), expectDecodingFrom(bob, 1, 45000)]);
    await expect(bob.locator('[data-testid="call-status"]').textContent()).resolves.toContain('connected');

    await bob.click('[data-testid="leave"]');
    await waitForStatus(bob, 'left');
    const bobAfterLeave = await bob.evaluate(() => ({
      tracks: window.__localTracks.map((t) => t.readyState),
      connections: window.__peerConnections.map((pc) => pc.connectionState),
    }));
    expect(bobAfterLeave.tracks.length).toBeGreaterThanOrEqual(2);
    expect(bobAfterLeave.tracks.every((state) => state === 'ended')).toBe(true);
    expect(bobAfterLeave.connections.every((state) => state === 'closed')).toBe(true);

    await alice.locator('[data-testid="remote-video"]').waitFor({ state: 'detached', timeout: 15000 });
    expect(await receiveState(alice)).toEqual([]);
  });
});
