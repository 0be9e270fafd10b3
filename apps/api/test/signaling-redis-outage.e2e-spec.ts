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

  it('holds frames between instances while Redis stalls, up to a bound past which they are refused, and delivers them once it goes on', async () => {
    const port = await freePort();
    const stalled = await startRedis(port);
    const database = await throwawayDatabase();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      REDIS_MAX_WAITING_COMMANDS: '20',
    };
    const [first, second] = await Promise.all([startApiProcess(env), startApiProcess(env)]);
    try {
      const alice = await signUp(first.rest, 'Alice');
      const bob = await signUp(first.rest, 'Bob');
      const roomId = await createRoom(first.rest, alice.token, { name: 'Stall' });
      const a = await track(await WsClient.connect(first.wsUrl, alice.token)).registered();
      const b = await track(await WsClient.connect(second.wsUrl, bob.token)).registered();
      a.send('join', { roomId });
      await a.next('resp-join');
      b.send('join', { roomId });
      const bJoin = await b.next('resp-join');
      await a.next('new-peer');

      stalled.kill('SIGSTOP');
      for (let i = 0; i < 40; i++) {
        a.send('candidate', { to: bJoin.selfId, candidate: { candidate: `candidate ${i}`, sdpMid: '0' } });
      }
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const refused = a.takeAll();
      const held = 40 - refused.length;
      expect(refused.map((frame) => (frame.data as { code: string }).code)).toEqual(refused.map(() => 'unavailable'));
      expect(held).toBeGreaterThan(0);
      expect(held).toBeLessThanOrEqual(20);

      stalled.kill('SIGCONT');
      for (let i = 0; i < held; i++) expect((await b.next('candidate')).candidate.candidate).toBe(`candidate ${i}`);
      expect(await b.staysQuiet(500)).toBe(true);
      expect(await a.staysQuiet(500)).toBe(true);
    } finally {
      await Promise.all([first.stop('SIGKILL'), second.stop('SIGKILL')]);
      await stopRedis(stalled);
      await database.drop();
    }
  }, 90000);
});
