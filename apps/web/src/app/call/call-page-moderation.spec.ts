import { RoomView, UserView } from '@webrtc-call/signaling-contracts';
import { carol, peer, setUpCallPage } from '../../testing/call-page-test-bed';

const room = (ownerId: string): RoomView => ({
  id: 'room-1',
  name: 'Standup',
  capacity: 4,
  ownerId,
  createdAt: '2026-01-01T00:00:00.000Z',
  isPublic: false,
  hasPassword: false,
  locked: false,
  participants: 2,
  guestsWait: true,
  membersWait: false,
});
const admin: UserView = { ...carol, id: 'u-admin', role: 'admin' };
const REMOVE_ALICE = { method: 'DELETE', url: '/api/rooms/room-1/participants/p-a' };

describe('CallPageComponent moderation', () => {
  let page: Awaited<ReturnType<typeof setUpCallPage>>;

  /** Opens the call page as `user`, answers GET /api/rooms/room-1 with a room owned by `ownerId`, seats Alice and Dan. */
  async function inCall(user: UserView, ownerId: string): Promise<void> {
    page = await setUpCallPage(user);
    page.http.expectOne({ method: 'GET', url: '/api/rooms/room-1' }).flush(room(ownerId));
    await page.joinFromLobby();
    page.state.peers.set([peer('p-a', 'Alice'), peer('p-d', 'Dan')]);
    await page.fixture.whenStable();
  }

  async function click(testId: string): Promise<void> {
    page.byTestId(testId)?.click();
    await page.fixture.whenStable();
  }

  it.each([
    ['the room owner', carol, carol.id, 2],
    ['an administrator', admin, carol.id, 2],
    ['anyone else', carol, 'u-someone-else', 0],
  ])('offers %s a Remove button on every remote tile, and nobody else', async (_who, user, ownerId, buttons) => {
    await inCall(user, ownerId);
    expect(page.allByTestId('remove-peer')).toHaveLength(buttons);
  });

  it('offers no Remove button while it does not know whose room it is', async () => {
    page = await setUpCallPage(carol);
    await page.joinFromLobby();
    page.state.peers.set([peer('p-a', 'Alice')]);
    await page.fixture.whenStable();
    expect(page.allByTestId('remove-peer')).toHaveLength(0);

    page.http
      .expectOne('/api/rooms/room-1')
      .flush({ code: 'room-not-found' }, { status: 404, statusText: 'Not Found' });
    await page.fixture.whenStable();
    expect(page.allByTestId('remove-peer')).toHaveLength(0);
  });

  it('asks first, then removes with DELETE /api/rooms/:roomId/participants/:peerId and leaves the tile to peer-leave', async () => {
    await inCall(carol, carol.id);
    await click('remove-peer');
    expect(page.byTestId('confirm-remove')?.closest('[data-peer-id]')?.getAttribute('data-peer-id')).toBe('p-a');
    page.http.expectNone(REMOVE_ALICE);

    await click('cancel-remove');
    expect(page.byTestId('confirm-remove')).toBeNull();
    page.http.expectNone(REMOVE_ALICE);

    await click('remove-peer');
    await click('confirm-remove');
    expect((page.byTestId('confirm-remove') as HTMLButtonElement).disabled).toBe(true);
    page.http.expectOne(REMOVE_ALICE).flush(null, { status: 204, statusText: 'No Content' });
    await page.fixture.whenStable();

    expect(page.byTestId('confirm-remove')).toBeNull();
    expect(page.byTestId('moderation-notice')).toBeNull();
    expect(page.allByTestId('remote-tile')).toHaveLength(2);
    page.http.expectNone(REMOVE_ALICE);
  });

  it('makes a signed-in participant a moderator with PUT /api/rooms/:roomId/moderators/:userId', async () => {
    await inCall(carol, carol.id);
    page.state.peers.set([peer('p-a', 'Alice'), peer('p-g', 'Gus', { guest: true })]);
    await page.fixture.whenStable();
    expect(page.allByTestId('make-moderator')).toHaveLength(1);
    await click('make-moderator');
    page.http
      .expectOne({ method: 'PUT', url: '/api/rooms/room-1/moderators/u-p-a' })
      .flush(null, { status: 204, statusText: 'No Content' });
    await page.fixture.whenStable();
    expect(page.byTestId('moderation-notice')?.textContent?.trim()).toBe('Alice can now let people in.');
  });

  it.each([
    [403, 'not-room-owner', 'Only the room owner or an administrator can remove people from this call.'],
    [404, 'peer-not-found', 'Alice had already left the call.'],
    [500, 'internal-error', 'Could not remove Alice. Check your connection and try again.'],
  ])('says so when the server answers %s', async (status, code, notice) => {
    await inCall(carol, carol.id);
    await click('remove-peer');
    await click('confirm-remove');
    page.http.expectOne(REMOVE_ALICE).flush({ statusCode: status, code, message: code }, { status, statusText: code });
    await page.fixture.whenStable();

    expect(page.byTestId('moderation-notice')?.textContent?.trim()).toBe(notice);
    expect(page.byTestId('confirm-remove')).toBeNull();
  });
});
