import type { Page } from 'playwright-core';
import { useBrowserSession } from './support/session';
import { createRoomThroughUi, registerThroughUi, waitForStatus } from './support/ui';

interface RelayState {
  connectionState: RTCPeerConnectionState;
  framesDecoded: number;
  selectedLocal: string | null;
  selectedRemote: string | null;
  localTypes: string[];
}

/** The selected candidate pair and every local candidate of the page's open connection. */
function relayState(page: Page): Promise<RelayState[]> {
  return page.evaluate(async () => {
    const open = window.__peerConnections.filter((pc) => pc.connectionState !== 'closed');
    return Promise.all(
      open.map(async (pc) => {
        const reports = new Map<string, Record<string, unknown>>();
        (await pc.getStats()).forEach((r: Record<string, unknown>) => reports.set(r['id'] as string, r));
        let framesDecoded = 0;
        let pairId: string | undefined;
        const localTypes: string[] = [];
        for (const r of reports.values()) {
          if (r['type'] === 'inbound-rtp' && r['kind'] === 'video')
            framesDecoded += (r['framesDecoded'] as number) ?? 0;
          if (r['type'] === 'transport' && r['selectedCandidatePairId'])
            pairId = r['selectedCandidatePairId'] as string;
          if (r['type'] === 'local-candidate') localTypes.push(r['candidateType'] as string);
        }
        const pair = pairId ? reports.get(pairId) : undefined;
        const type = (id: unknown) => (reports.get(id as string)?.['candidateType'] as string | undefined) ?? null;
        return {
          connectionState: pc.connectionState,
          framesDecoded,
          selectedLocal: pair ? type(pair['localCandidateId']) : null,
          selectedRemote: pair ? type(pair['remoteCandidateId']) : null,
          localTypes,
        };
      }),
    );
  });
}

async function joinRelayOnly(page: Page): Promise<void> {
  const relayOnly = page.locator('[data-testid="relay-only"]');
  await relayOnly.waitFor();
  if (!(await relayOnly.isChecked())) await relayOnly.check();
  const join = page.locator('[data-testid="lobby-join"]:not([disabled])');
  await join.waitFor({ timeout: 30000 });
  await join.click();
}

async function waitForRelayedVideo(page: Page): Promise<RelayState> {
  const deadline = Date.now() + 45000;
  for (;;) {
    const [state] = await relayState(page);
    if (state && state.connectionState === 'connected' && state.framesDecoded > 10) return state;
    if (Date.now() > deadline) throw new Error(`no relayed video: ${JSON.stringify(state)}`);
    await page.waitForTimeout(200);
  }
}

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

    const [aliceState, bobState] = await Promise.all([waitForRelayedVideo(alice), waitForRelayedVideo(bob)]);
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
