import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ChromiumOptions, instrument, launchChromium } from './browser';
import { RunningServer, startServer } from './server';

export interface BrowserSession {
  readonly server: RunningServer;
  /**
   * A fresh browser profile (its own login) with the page instrumented for getStats; `devices` picks a
   * browser whose machine lacks a camera.
   */
  newPage(viewport?: { width: number; height: number }, devices?: ChromiumOptions): Promise<Page>;
}

/** Starts the product and Chromium before the suite and tears both down after it. */
export function useBrowserSession(options: { turn?: boolean; env?: Record<string, string> } = {}): BrowserSession {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let cameraless: Promise<Browser> | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer(options);
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await (await cameraless)?.close();
    await server?.stop();
  });

  return {
    get server(): RunningServer {
      if (!server) throw new Error('the server is not running yet');
      return server;
    },
    async newPage(viewport = { width: 1280, height: 800 }, devices: ChromiumOptions = {}): Promise<Page> {
      if (!browser) throw new Error('the browser is not running yet');
      const chosen = devices.camera === false ? await (cameraless ??= launchChromium(devices)) : browser;
      const context = await chosen.newContext({ viewport });
      contexts.push(context);
      const page = await context.newPage();
      await instrument(page);
      page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
      return page;
    },
  };
}
