import { expectDecodingFrom } from './support/browser';
import { useBrowserSession } from './support/session';
import { createRoomThroughUi, joinFromLobby, registerThroughUi, waitForStatus } from './support/ui';

describe('the server is killed mid-call and restarted (real Chromium)', () => {
  const session = useBrowserSession();

  it('keeps its data, and both pages reconnect and rejoin by themselves with media decoding again', async () => {
    const alice = await session.newPage();
    await alice.goto(`${session.server.baseUrl}/login`);
    const aliceName = await registerThroughUi(alice, 'Alice');
    await alice.waitForURL('**/rooms');
    const link = await createRoomThroughUi(alice, 'Survives a crash');
    await joinFromLobby(alice);
    await waitForStatus(alice, 'connected');

    const bob = await session.newPage();
    await bob.goto(link);
    await bob.waitForURL('**/login**');
    await registerThroughUi(bob, 'Bob');
    await bob.waitForURL(link);
    await joinFromLobby(bob);
    await waitForStatus(bob, 'connected');
    await Promise.all([expectDecodingFrom(alice, 1, 45000), expectDecodingFrom(bob, 1, 45000)]);
    const urls = [alice.url(), bob.url()];

    await session.server.killAndRestart();

    // No reload: the pages find the server again on their own and take new seats in the same room.
    await Promise.all([waitForStatus(alice, 'connected', 60000), waitForStatus(bob, 'connected', 60000)]);
    await Promise.all([expectDecodingFrom(alice, 1, 60000), expectDecodingFrom(bob, 1, 60000)]);
    expect([alice.url(), bob.url()]).toEqual(urls);

    // The SQLite data survived the kill: the account logs in and the room is still there.
    const login = await fetch(`${session.server.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: aliceName, password: 'correct horse battery' }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const roomId = link.split('/').pop();
    const room = await fetch(`${session.server.baseUrl}/api/rooms/${roomId}`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(room.status).toBe(200);
    expect(await room.json()).toMatchObject({ name: 'Survives a crash', participants: 2 });
  });
});
