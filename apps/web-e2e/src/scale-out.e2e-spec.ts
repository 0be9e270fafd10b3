import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectDecodingFrom, instrument, launchChromium } from './support/browser';
import { ScaledOut, startScaledOut } from './support/scale-out';
import { createRoomThroughUi, joinFromLobby, registerThroughUi, waitForStatus } from './support/ui';

/** Open signaling sockets of one instance, from its own Prometheus metrics. */
async function socketsOn(instance: string): Promise<number> {
  const text = await (await fetch(`${instance}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('signaling_sockets '));
  return Number(line?.split(' ')[1] ?? NaN);
}

describe('two instances behind nginx (real Chromium, PostgreSQL, Redis)', () => {
  let cluster: ScaledOut;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    cluster = await startScaledOut();
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await cluster?.stop();
  });

  /** A browser profile that nginx always sends to instance `index`. */
  const pageOn = async (index: number): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    await context.addCookies([{ name: 'instance', value: cluster.cookies[index], url: cluster.baseUrl }]);
    const page = await context.newPage();
    await instrument(page);
    page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
    return page;
  };

  it('connects two pages signaling through different instances, each decoding the other’s video', async () => {
    const alice = await pageOn(0);
    await alice.goto(`${cluster.baseUrl}/login`);
    await registerThroughUi(alice, 'Alice');
    await alice.waitForURL('**/rooms');
    const link = await createRoomThroughUi(alice, 'Across instances');
    await joinFromLobby(alice);
    await waitForStatus(alice, 'connected');

    const bob = await pageOn(1);
    await bob.goto(link);
    await bob.waitForURL('**/login**');
    await registerThroughUi(bob, 'Bob');
    await bob.waitForURL(link);
    await joinFromLobby(bob);
    await waitForStatus(bob, 'connected');

    expect(await Promise.all(cluster.instances.map(socketsOn))).toEqual([1, 1]);
    await Promise.all([expectDecodingFrom(alice, 1, 60000), expectDecodingFrom(bob, 1, 60000)]);
  });
});
