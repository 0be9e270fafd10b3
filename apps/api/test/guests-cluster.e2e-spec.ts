import { useTwoInstances } from './support/cluster';
import { createRoom, signUp, TestApp } from './support/test-app';
import { closeAfterEach, WsClient } from './support/ws-client';

// Two instances start and sign up with argon2 at once: slow on a busy machine.
jest.setTimeout(60000);

/** Guests lose their sockets on every instance when their link or room goes, not only where it went. */
describe('guests across two instances (Redis, e2e)', () => {
  const cluster = useTwoInstances();
  const track = closeAfterEach();

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const guestOn = async (app: TestApp, secret: string): Promise<WsClient> => {
    const res = await app.http.post('/api/invites/redeem').send({ secret, displayName: 'Gale' }).expect(200);
    return track(await WsClient.connect(app.wsUrl, res.body.accessToken)).registered();
  };

  it('closes a guest socket on the other instance when its link is revoked, and when its room is deleted', async () => {
    const { one, two } = cluster;
    const owner = await signUp(one, 'Owner');
    const roomId = await createRoom(one, owner.token);
    const invite = async () =>
      (await one.http.post(`/api/rooms/${roomId}/invites`).set(auth(owner.token)).send({}).expect(201)).body as {
        id: string;
        secret: string;
      };
    const link = await invite();
    const guest = await guestOn(two, link.secret);
    await one.http.delete(`/api/rooms/${roomId}/invites/${link.id}`).set(auth(owner.token)).expect(204);
    expect(await guest.closedWithin(3000)).toEqual({ code: 4401, reason: 'invite revoked' });

    const survivor = await guestOn(two, (await invite()).secret);
    await one.http.delete(`/api/rooms/${roomId}`).set(auth(owner.token)).expect(204);
    expect(await survivor.closedWithin(3000)).toEqual({ code: 4401, reason: 'room deleted' });
  });
});
