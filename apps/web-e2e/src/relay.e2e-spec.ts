import { waitForVideo } from './support/ice';
import { useBrowserSession } from './support/session';
import { createRoomThroughUi, joinRelayOnly, registerThroughUi, waitForStatus } from './support/ui';

describe('calls through coturn (real Chromium, real coturn on loopback)', () => {
  const session = useBrowserSession({ turn: true });
  const newPage = () => session.newPage();

  it('connects two relay-only users through TURN: both select a relay pair and decode video', async () => {
    const alice = await newPage();
    await alice.goto(`${session.server.baseUrl}/login`);
    await registerThroughUi(alice, 'Alice');
    await alice.waitForURL('**/rooms');
    const link = await createRoomThroughUi(alice, 'Private call');
    await alice.goto(link);
    await joinRelayOnly(alice);
    await waitForStatus(alice, 'connected');

    const bob = await newPage();
    await bob.goto(link);
    await bob.waitForURL('**/login**');
    await registerThroughUi(bob, 'Bob');
    await bob.waitForURL(link);
    const started = Date.now();
    await joinRelayOnly(bob);

    const [aliceState, bobState] = await Promise.all([waitForVideo(alice), waitForVideo(bob)]);
    console.log(`relay-only call: media decoding on both sides ${Date.now() - started} ms after Bob pressed Join`);
    for (const state of [aliceState, bobState]) {
      expect(state.selectedLocal).toBe('relay');
      expect(state.selectedRemote).toBe('relay');
      // With iceTransportPolicy 'relay' no host or server-reflexive address is ever gathered, so none can leak.
      expect(state.localTypes.length).toBeGreaterThan(0);
      expect(state.localTypes.every((type) => type === 'relay')).toBe(true);
    }
    await alice.locator('[data-testid="peer-state"][data-state="relayed"]').waitFor({ timeout: 15000 });
  });

  it('reports "TURN works" on the connectivity check page', async () => {
    const page = await newPage();
    await page.goto(`${session.server.baseUrl}/login`);
    await registerThroughUi(page, 'Checker');
    await page.waitForURL('**/rooms');
    await page.goto(`${session.server.baseUrl}/connectivity`);
    await page.click('[data-testid="run-check"]');
    const verdict = page.locator('[data-testid="check-verdict"]');
    await verdict.waitFor({ timeout: 30000 });
    await expect(verdict.textContent()).resolves.toContain('TURN works');
    await expect(page.locator('[data-testid="candidates"]').textContent()).resolves.toContain('relay');
  });
});
