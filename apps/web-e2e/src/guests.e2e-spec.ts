import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { expectAccessible } from './support/axe';
import { expectDecodingFrom } from './support/browser';
import { useBrowserSession } from './support/session';
import { createRoomThroughUi, joinFromLobby, registerThroughUi, waitForStatus } from './support/ui';

const ADMIN = { username: 'keeper', password: 'keeper-password' };
const SCREENSHOTS = resolve(__dirname, '../../../tmp/screenshots');

describe('guests from an invite link and the waiting room in real Chromium', () => {
  const session = useBrowserSession({ env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password } });
  let owner: Page;
  let invite: string;

  const knockOf = (name: string) => owner.locator(`[data-testid="knock"][data-name="${name}"]`);

  /** A fresh browser profile without an account follows the link, gives a name and knocks. */
  const arriveAsGuest = async (name: string, audit = false): Promise<Page> => {
    const guest = await session.newPage();
    await guest.goto(invite);
    await guest.locator('[data-testid="guest-name"]').waitFor();
    if (audit) await expectAccessible(guest, 'invite');
    await guest.fill('[data-testid="guest-name"]', name);
    await guest.click('[data-testid="guest-join"]');
    await guest.waitForURL('**/call/*');
    await joinFromLobby(guest);
    await waitForStatus(guest, 'waiting');
    await knockOf(name).waitFor({ timeout: 15000 });
    return guest;
  };

  beforeAll(() => mkdirSync(SCREENSHOTS, { recursive: true }));

  it('the owner creates a room and an invite, admits a guest and both decode each other’s video', async () => {
    owner = await session.newPage();
    await owner.goto(`${session.server.baseUrl}/login`);
    await expectAccessible(owner, 'login');
    await registerThroughUi(owner, 'Olive');
    await owner.waitForURL('**/rooms');
    await expectAccessible(owner, 'rooms');
    await createRoomThroughUi(owner, 'Book club');
    await owner.locator('#lobby-title', { hasText: 'Ready to join Book club?' }).waitFor();
    await expect(owner.locator('[data-testid="lobby-in-call"]').textContent()).resolves.toBe(
      'Nobody is in the call yet.',
    );
    await expectAccessible(owner, 'lobby');
    await joinFromLobby(owner);
    await waitForStatus(owner, 'connected');

    await owner.click('[data-testid="copy-invite"]');
    invite = (await owner.locator('[data-testid="invite-link"]').inputValue()).trim();
    expect(invite).toMatch(new RegExp(`^${session.server.baseUrl}/invite#[A-Za-z0-9_-]{43}$`));
    await expectAccessible(owner, 'call');

    const guest = await arriveAsGuest('Gus', true);
    await expect(guest.locator('[data-testid="waiting-room"] h1').textContent()).resolves.toBe(
      'Waiting for the host to let you in',
    );
    await expect(guest.evaluate(() => window.__peerConnections.length)).resolves.toBe(0);
    await guest.screenshot({ path: join(SCREENSHOTS, 'guest-waiting.png') });
    await owner.screenshot({ path: join(SCREENSHOTS, 'owner-knock.png') });
    await expectAccessible(guest, 'waiting');
    await expectAccessible(owner, 'call with a knock');

    await knockOf('Gus').locator('[data-testid="admit"]').click();
    await waitForStatus(guest, 'connected');
    await knockOf('Gus').waitFor({ state: 'detached' });
    await Promise.all([expectDecodingFrom(owner, 1), expectDecodingFrom(guest, 1)]);
    await expect(owner.locator('[data-testid="remote-name"]').textContent()).resolves.toBe('Gus');
    await expect(guest.locator('[data-testid="remote-name"]').textContent()).resolves.toBe('Olive');
    await expect(guest.locator('a[href="/rooms"]').count()).resolves.toBe(0);
  });

  it('a second guest is denied and told so', async () => {
    const guest = await arriveAsGuest('Dee');
    await knockOf('Dee').locator('[data-testid="deny"]').click();
    await waitForStatus(guest, 'error', 15000);
    await expect(guest.locator('[data-testid="call-error"]').textContent()).resolves.toBe(
      'The host did not let you in.',
    );
    await expect(guest.evaluate(() => window.__peerConnections.length)).resolves.toBe(0);
    await expectAccessible(guest, 'denied');
  });

  it('the connectivity, admin and password pages pass the audit too', async () => {
    const page = await session.newPage();
    await page.goto(`${session.server.baseUrl}/login`);
    await page.fill('input[name="username"]', ADMIN.username);
    await page.fill('input[name="password"]', ADMIN.password);
    await page.click('[data-testid="login-submit"]');
    await page.waitForURL('**/rooms');
    await page.locator('[data-testid="nav-admin"]').waitFor();
    await expectAccessible(page, 'rooms (administrator)');
    await page.goto(`${session.server.baseUrl}/connectivity`);
    await page.locator('main').waitFor();
    await expectAccessible(page, 'connectivity');
    await page.goto(`${session.server.baseUrl}/admin`);
    await page.locator('main').waitFor();
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, 'admin');
    await page.goto(`${session.server.baseUrl}/password`);
    await page.locator('input[type="password"]').first().waitFor();
    await expectAccessible(page, 'change password');
  });
});
