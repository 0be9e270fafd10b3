import { ChildProcess, spawn } from 'node:child_process';
import { eventually, throwawayDatabase } from './support/cluster';
import { ApiProcess, freePort, startApiProcess } from './support/api-process';
import { createRoom, signUp } from './support/test-app';
import { closeAfterEach, WsClient } from './support/ws-client';

/** A Redis of this test's own, so that stopping it disturbs nobody else. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  await eventually(
    async () => {
      const { createConnection } = await import('node:net');
      return new Promise<boolean>((resolve) => {
        const socket = createConnection(port, '127.0.0.1', () => {
          socket.end();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
    },
    10000,
    100,
  );
  return child;
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('Redis outage during a call (separate process, e2e)', () => {
  const track = closeAfterEach();
  let redis: ChildProcess | null = null;
  let api: ApiProcess | null = null;
  let dropDatabase: (() => Promise<void>) | null = null;

  afterAll(async () => {
    await api?.stop('SIGKILL');
    if (redis) await stopRedis(redis);
    await dropDatabase?.();
  });

  const health = async (instance: ApiProcess) => (await fetch(`${instance.baseUrl}/api/health`)).status;

  it('reports unhealthy and refuses joins with unavailable while Redis is gone, then recovers by itself', async () => {
    const port = await freePort();
    redis = await startRedis(port);
    const database = await throwawayDatabase();
    dropDatabase = database.drop;
    api = await startApiProcess({
      DATABASE_URL: database.url,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      REDIS_INSTANCE_TTL_MS: '1500',
    });
    const instance = api;
    const alice = await signUp(instance.rest, 'Alice');
    const bob = await signUp(instance.rest, 'Bob');
    const roomId = await createRoom(instance.rest, alice.token, { name: 'Outage' });
    const a = await track(await WsClient.connect(instance.wsUrl, alice.token)).registered();
    a.send('join', { roomId });
    const aJoin = await a.next('resp-join');
    expect(await health(instance)).toBe(200);

    await stopRedis(redis);
    await eventually(async () => (await health(instance)) === 503, 10000);
    const b = await track(await WsClient.connect(instance.wsUrl, bob.token)).registered();
    b.send('join', { roomId });
    expect((await b.next('error')).code).toBe('unavailable');
    a.send('chat', { text: 'is anyone there?' });
    await a.next('chat');
    const during = await instance.rest.http.get(`/api/rooms/${roomId}`).set('Authorization', `Bearer ${bob.token}`);
    expect(during.status).toBe(503);
    expect(during.body.code).toBe('service-unavailable');

    redis = await startRedis(port);
    await eventually(async () => (await health(instance)) === 200, 15000);
    // Alice's seat was written back to the empty Redis, so Bob finds her.
    await eventually(
      async () => {
        b.send('join', { roomId });
        const frame = (await b.nextRaw()) as { event: string };
        return frame.event === 'resp-join';
      },
      10000,
      500,
    );
    expect((await a.next('new-peer')).peer.userId).toBe(bob.userId);
    const listed = await instance.rest.http.get(`/api/rooms/${roomId}`).set('Authorization', `Bearer ${bob.token}`);
    expect(listed.body.participants).toBe(2);
    a.send('chat', { text: 'welcome back' });
    expect(await b.next('chat')).toMatchObject({ from: aJoin.selfId, text: 'welcome back' });
    expect(instance.exitCode).toBeNull();
  }, 90000);
});
