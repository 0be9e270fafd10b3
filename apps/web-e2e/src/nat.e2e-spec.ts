import type { Browser, BrowserContext, Page } from 'playwright-core';
import { instrument, launchChromium } from './support/browser';
import { IceState, iceState, waitForVideo } from './support/ice';
import { createNatNetwork, Home, NatNetwork } from './support/nat-network';
import { RunningServer, startServer } from './support/server';
import { createRoomThroughUi, joinFromLobby, joinRelayOnly, registerThroughUi, waitForStatus } from './support/ui';

/**
 * Calls between browsers in separate network namespaces, each behind its own NAT, with the server and
 * coturn on a "public" network (198.18.0.0/15 only). Loopback lets every candidate work; here the
 * network decides which ones do.
 */
describe('calls across NATs (real Chromium in network namespaces, real coturn)', () => {
  let network: NatNetwork;
  let server: RunningServer;
  /** The same product handing out credentials for a TURN server that does not answer. */
  let turnless: RunningServer;
  const browsers = new Map<Home, Browser>();
  const contexts: BrowserContext[] = [];
  let eim1: Home;
  let eim2: Home;
  let symmetric: Home;
  let udpBlocked: Home;

  beforeAll(async () => {
    network = createNatNetwork(['endpoint-independent', 'endpoint-independent', 'symmetric', 'udp-blocked']);
    [eim1, eim2, symmetric, udpBlocked] = network.homes;
    server = await startServer({ turn: true, address: network.publicAddress });
    turnless = await startServer({ unreachableTurn: true, address: network.publicAddress });
  });

  // A finished call's pages would keep encoding and decoding video through the next tests.
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    for (const browser of browsers.values()) await browser.close().catch(() => undefined);
    await server?.stop();
    await turnless?.stop();
    network?.destroy();
  });

  async function pageIn(home: Home): Promise<Page> {
    let browser = browsers.get(home);
    if (!browser) {
      const secureOrigin = `${server.publicUrl},${turnless.publicUrl}`;
      browser = await launchChromium({ executablePath: home.chromium, secureOrigin });
      browsers.set(home, browser);
    }
    const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
    contexts.push(context);
    const page = await context.newPage();
    await instrument(page);
    return page;
  }

  /** Alice in `first` and Bob in `second` in one room on `on`; both have pressed Join. */
  async function meet(first: Home, second: Home, join: (page: Page) => Promise<void>, on: RunningServer) {
    const alice = await pageIn(first);
    await alice.goto(`${on.publicUrl}/login`);
    await registerThroughUi(alice, 'Alice');
    await alice.waitForURL('**/rooms');
    const link = await createRoomThroughUi(alice, 'Across NATs');
    await alice.goto(link);
    await join(alice);
    await waitForStatus(alice, 'connected');
    const bob = await pageIn(second);
    await bob.goto(link);
    await bob.waitForURL('**/login**');
    await registerThroughUi(bob, 'Bob');
    await bob.waitForURL(link);
    const started = Date.now();
    await join(bob);
    return { alice, bob, started };
  }

  /** Alice in `first` creates a room and joins; Bob in `second` joins; both wait for video. */
  async function call(first: Home, second: Home, join: (page: Page) => Promise<void> = joinFromLobby) {
    const { alice, bob, started } = await meet(first, second, join, server);
    const [aliceState, bobState] = await Promise.all([waitForVideo(alice), waitForVideo(bob)]);
    return { alice, bob, aliceState, bobState, setUpMs: Date.now() - started };
  }

  const pairOf = (state: IceState) => `${state.selectedLocal}/${state.selectedRemote}`;
  const direct = (state: IceState) =>
    ['srflx', 'prflx'].includes(state.selectedLocal ?? '') && ['srflx', 'prflx'].includes(state.selectedRemote ?? '');
  const relayed = (state: IceState) => state.selectedLocal === 'relay' || state.selectedRemote === 'relay';

  /** The page's selected pair once it satisfies `settled` (ICE may nominate a relay first, then a better pair). */
  async function settledPair(page: Page, settled: (state: IceState) => boolean, timeoutMs = 20000): Promise<IceState> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [state] = await iceState(page);
      if (state && settled(state)) return state;
      if (Date.now() > deadline) return state;
      await page.waitForTimeout(250);
    }
  }

  it('connects two endpoint-independent NATs directly: a server- or peer-reflexive pair, not a relay', async () => {
    const { alice, bob, setUpMs } = await call(eim1, eim2);
    const states = await Promise.all([settledPair(alice, direct), settledPair(bob, direct)]);
    console.log(`NAT to NAT: ${states.map(pairOf).join(' / ')}, video both ways ${setUpMs} ms after Join`);
    expect(states.map(direct)).toEqual([true, true]);
  });

  it('relays through TURN when one side is behind a symmetric NAT, and both decode video', async () => {
    const { aliceState, bobState, setUpMs } = await call(eim1, symmetric);
    console.log(`symmetric NAT: ${pairOf(aliceState)} / ${pairOf(bobState)}, video both ways ${setUpMs} ms after Join`);
    // No address STUN saw reaches Bob: the media goes through coturn, on a relay of one side or both.
    expect([relayed(aliceState), relayed(bobState)]).toEqual([true, true]);
  });

  it('reaches TURN over TCP from a network that blocks UDP', async () => {
    const { aliceState, bobState, setUpMs } = await call(eim1, udpBlocked);
    console.log(
      `UDP blocked: ${pairOf(aliceState)} / ${pairOf(bobState)} over ${bobState.selectedRelayProtocol}, ${setUpMs} ms`,
    );
    expect(bobState.selectedLocal).toBe('relay');
    expect(bobState.selectedRelayProtocol).toBe('tcp');
  });

  it('in relay-only mode, lets no host or server-reflexive candidate leave the browser, and connects', async () => {
    const { aliceState, bobState, setUpMs } = await call(eim1, eim2, joinRelayOnly);
    console.log(`relay only: ${pairOf(aliceState)} / ${pairOf(bobState)}, ${setUpMs} ms`);
    for (const state of [aliceState, bobState]) {
      expect(state.localTypes.length).toBeGreaterThan(0);
      expect(state.localTypes.every((type) => type === 'relay')).toBe(true);
      expect(pairOf(state)).toBe('relay/relay');
    }
  });

  it('recovers by ICE restart when one home appears from a new address mid-call, without anyone leaving', async () => {
    const { alice, bob } = await call(eim1, eim2);
    const before = await Promise.all([settledPair(alice, direct), settledPair(bob, direct)]);
    const oldAddress = eim2.publicAddress;
    eim2.changePublicAddress();
    const started = Date.now();
    // Media stops on the old path; the app restarts ICE and finds the new one.
    const recovered = await Promise.all([
      recoveredVideo(alice, before[0].framesDecoded),
      recoveredVideo(bob, before[1].framesDecoded),
    ]);
    console.log(
      `new address ${oldAddress} → ${eim2.publicAddress}: video again after ${Date.now() - started} ms, ` +
        `${recovered.map(pairOf).join(' / ')}`,
    );
    await expect(alice.locator('[data-testid="remote-tile"]').count()).resolves.toBe(1);
    await expect(bob.locator('[data-testid="remote-tile"]').count()).resolves.toBe(1);
    for (const page of [alice, bob]) {
      expect(await page.locator('[data-testid="call-notice"]', { hasText: 'left' }).count()).toBe(0);
    }
  });

  it('says within a bounded time that the call cannot connect, and why, when TURN is unreachable behind a symmetric NAT', async () => {
    const { alice, bob, started } = await meet(symmetric, eim1, joinFromLobby, turnless);
    const notes = await Promise.all(
      [alice, bob].map(async (page) => {
        const note = page.locator('[data-testid="peer-unreachable"]');
        await note.waitFor({ timeout: 60000 });
        return { reason: await note.getAttribute('data-reason'), text: await note.textContent() };
      }),
    );
    console.log(`TURN unreachable: "${notes[0].text?.trim()}" after ${Date.now() - started} ms`);
    const checkStarted = Date.now();
    for (const note of notes) expect(note.reason).toBe('relay-unreachable');
    expect(notes[0].text).toContain('Could not connect to Bob');
    await expect(alice.locator('[data-testid="peer-state"]').getAttribute('data-state')).resolves.toBe('failed');

    // The connectivity check from the same network says the same.
    await alice.goto(`${turnless.publicUrl}/connectivity`);
    await alice.click('[data-testid="run-check"]');
    const verdict = alice.locator('[data-testid="check-verdict"]');
    await verdict.waitFor({ timeout: 60000 });
    await expect(verdict.textContent()).resolves.toContain('TURN unreachable');
    console.log(`connectivity check verdict after ${Date.now() - checkStarted} ms`);
  }, 300000);

  /** Video decoding again, on a connection that went through a restart (frames well past `framesBefore`). */
  async function recoveredVideo(page: Page, framesBefore: number, timeoutMs = 60000): Promise<IceState> {
    const deadline = Date.now() + timeoutMs;
    let stalled = false;
    for (;;) {
      const [state] = await iceState(page);
      if (state && state.connectionState !== 'connected') stalled = true;
      if (stalled && state?.connectionState === 'connected' && state.framesDecoded > framesBefore + 60) return state;
      if (Date.now() > deadline) throw new Error(`video did not come back: ${JSON.stringify(state)}`);
      await page.waitForTimeout(250);
    }
  }
});
