import type { Locator, Page } from 'playwright-core';

let counter = 0;

/** The password of every account the browser tests create. */
export const PASSWORD = 'correct horse battery';

/** Creates an account through the login page; lands wherever the page sends a fresh login. */
export async function registerThroughUi(page: Page, displayName: string): Promise<string> {
  const username = `${displayName.toLowerCase()}${Date.now().toString(36)}${counter++}`;
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', PASSWORD);
  const displayNameField = page.locator('input[name="displayName"]');
  if (await displayNameField.count()) await displayNameField.fill(displayName);
  await page.click('[data-testid="register-submit"]');
  return username;
}

/** The tile of the remote participant called `name`. */
export function tileOf(page: Page, name: string): Locator {
  return page.locator('[data-testid="remote-tile"]', { hasText: name });
}

export type StatusWord = 'ready to join' | 'joining' | 'waiting' | 'connected' | 'reconnecting' | 'left' | 'error';

export async function waitForStatus(page: Page, word: StatusWord, timeout = 30000): Promise<void> {
  await page
    .locator(`[data-testid="call-status"][data-state="${word === 'ready to join' ? 'idle' : word}"]`)
    .waitFor({ timeout });
}

/** Presses "Join call" in the pre-join lobby once the camera preview is ready. */
export async function joinFromLobby(page: Page): Promise<void> {
  const join = page.locator('[data-testid="lobby-join"]:not([disabled])');
  await join.waitFor({ timeout: 30000 });
  await join.click();
}

/** Ticks "relay only" (TURN only: no host or server-reflexive address leaves the browser), then joins. */
export async function joinRelayOnly(page: Page): Promise<void> {
  const relayOnly = page.locator('[data-testid="relay-only"]');
  await relayOnly.waitFor();
  if (!(await relayOnly.isChecked())) await relayOnly.check();
  await joinFromLobby(page);
}

/** Creates a room on the rooms page, which opens the room's lobby; returns the room's link. */
export async function createRoomThroughUi(page: Page, name: string, capacity?: number): Promise<string> {
  await page.fill('input[name="roomName"]', name);
  if (capacity !== undefined) await page.selectOption('select[name="capacity"]', { label: `${capacity} people` });
  await page.click('[data-testid="create-room"]');
  await page.waitForURL('**/call/*');
  await page.locator('[data-testid="lobby-join"]').waitFor();
  return page.url();
}
