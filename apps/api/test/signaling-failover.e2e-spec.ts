import { clearPrefix, REDIS_URL, throwawayDatabase, uniquePrefix } from './support/cluster';
import { ApiProcess, startApiProcess } from './support/api-process';
import { createRoom, signUp } from './support/test-app';
import { closeAfterEach, WsClient } from './support/ws-client';

/** How soon a dead instance is noticed, and how long its peers' seats are then held for a resume. */
const INSTANCE_TTL_MS = 2000;
const RESUME_WINDOW_MS = 3000;

/** API instances in processes of their own sharing Redis and PostgreSQL, one of which dies. */
describe('Failover between instances (Redis, separate processes, e2e)', () => {
  const prefix = uniquePrefix();
  const track = closeAfterEach();
  const running: ApiProcess[] = [];
  let env: Record<string, string>;
  let dropDatabase: () => Promise<void>;

  const start = async () => {
    const instance = await startApiProcess(env);
    running.push(instance);
    return instance;
  };
  const on = async (instance: ApiProcess, token: string) =>
    track(await WsClient.connect(instance.wsUrl, token)).registered();
  const join = async (client: WsClient, roomId: string, resumeToken?: string) => {
    client.send('join', resumeToken ? { roomId, resumeToken } : { roomId });
    return client.next('resp-join');
  };

  beforeAll(async () => {
    const database = await throwawayDatabase();
    dropDatabase = database.drop;
    env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      REDIS_INSTANCE_TTL_MS: String(INSTANCE_TTL_MS),
      SIGNALING_RESUME_WINDOW_MS: String(RESUME_WINDOW_MS),
    };
    // The first start migrates the database; later ones find it ready.
    await (await start()).stop();
  }, 90000);

  afterEach(async () => {
    for (const instance of running.splice(0)) await instance.stop('SIGKILL');
  });

  afterAll(async () => {
    await dropDatabase?.();
    await clearPrefix(prefix);
  });

  it('SIGKILL: the survivor announces the dead instance’s peers as left in time; one resumes on the survivor, keeping its peer id and the frames sent meanwhile', async () => {
    const [doomed, survivor] = [await start(), await start()];
    const carol = await signUp(survivor.rest, 'Carol');
    const bob = await signUp(survivor.rest, 'Bob');
    const dave = await signUp(survivor.rest, 'Dave');
    const roomId = await createRoom(survivor.rest, carol.token, { name: 'Failover' });
    const c = await on(survivor, carol.token);
    await join(c, roomId);
    const b = await on(doomed, bob.token);
    const bJoin = await join(b, roomId);
    const d = await on(doomed, dave.token);
    const dJoin = await join(d, roomId);
    await c.next('new-peer');
    await c.next('new-peer');

    await doomed.stop('SIGKILL');
    const killedAt = Date.now();
    c.send('chat', { text: 'anyone still there?' });
    await c.next('chat');

    const b2 = await on(survivor, bob.token);
    const resumed = await join(b2, roomId, bJoin.resumeToken);
    expect(resumed).toMatchObject({ selfId: bJoin.selfId, resumed: true });
    expect(await b2.next('chat')).toMatchObject({ text: 'anyone still there?' });
    expect((await c.next('peer-updated')).peer).toMatchObject({ peerId: bJoin.selfId });

    // Dave does not come back: held while his window lasts, then gone.
    const held = await c.next('peer-updated', INSTANCE_TTL_MS * 3);
    expect(held.peer).toMatchObject({ peerId: dJoin.selfId, reconnecting: true });
    expect(await c.next('peer-leave', RESUME_WINDOW_MS + INSTANCE_TTL_MS)).toEqual({ peerId: dJoin.selfId });
    expect(Date.now() - killedAt).toBeLessThan(INSTANCE_TTL_MS * 2 + RESUME_WINDOW_MS + 1000);
    expect(c.takeAll().filter((frame) => frame.event === 'peer-leave')).toEqual([]);
    expect(survivor.exitCode).toBeNull();
  }, 60000);

  it('SIGTERM: sockets close with 1012 and the seats move to the other instance at once', async () => {
    const [leaving, staying] = [await start(), await start()];
    const carol = await signUp(staying.rest, 'Carol');
    const bob = await signUp(staying.rest, 'Bob');
    const roomId = await createRoom(staying.rest, carol.token, { name: 'Deploy' });
    const c = await on(staying, carol.token);
    await join(c, roomId);
    const b = await on(leaving, bob.token);
    const bJoin = await join(b, roomId);
    await c.next('new-peer');

    const stopping = leaving.stop('SIGTERM');
    expect((await b.closedWithin(5000)).code).toBe(1012);
    expect((await c.next('peer-updated')).peer).toMatchObject({ peerId: bJoin.selfId, reconnecting: true });
    // Sent while the stopping instance still holds Bob's seat: it must not die with that instance.
    c.send('chat', { text: 'see you on the other side' });
    await c.next('chat');
    await stopping;
    const b2 = await on(staying, bob.token);
    expect(await join(b2, roomId, bJoin.resumeToken)).toMatchObject({ selfId: bJoin.selfId, resumed: true });
    expect((await b2.next('chat')).text).toBe('see you on the other side');
    expect((await c.next('peer-updated')).peer).toMatchObject({ peerId: bJoin.selfId });
    expect(await c.staysQuiet(RESUME_WINDOW_MS + INSTANCE_TTL_MS)).toBe(true);
  }, 60000);

  it('a kick reaches a seat the dead instance left held: the others are told, its token resumes nothing', async () => {
    const [doomed, survivor] = [await start(), await start()];
    const carol = await signUp(survivor.rest, 'Carol');
    const bob = await signUp(survivor.rest, 'Bob');
    const roomId = await createRoom(survivor.rest, carol.token, { name: 'Kick the held' });
    const c = await on(survivor, carol.token);
    await join(c, roomId);
    const b = await on(doomed, bob.token);
    const bJoin = await join(b, roomId);
    await c.next('new-peer');

    await doomed.stop('SIGKILL');
    expect((await c.next('peer-updated', INSTANCE_TTL_MS * 3)).peer).toMatchObject({
      peerId: bJoin.selfId,
      reconnecting: true,
    });
    await survivor.rest.http
      .delete(`/api/rooms/${roomId}/participants/${bJoin.selfId}`)
      .set('Authorization', `Bearer ${carol.token}`)
      .expect(204);
    expect(await c.next('peer-leave', 2000)).toEqual({ peerId: bJoin.selfId });
    const b2 = await on(survivor, bob.token);
    b2.send('join', { roomId, resumeToken: bJoin.resumeToken });
    expect((await b2.next('error')).code).toBe('barred');
  }, 60000);
});
