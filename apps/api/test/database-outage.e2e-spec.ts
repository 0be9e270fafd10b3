import { DataSource } from 'typeorm';
import { onPostgresServer } from './support/postgres';
import { createRoom, signUp, startTestApp, TestApp } from './support/test-app';
import { WsClient } from './support/ws-client';

const POSTGRES_SERVER = process.env['E2E_POSTGRES_URL'];
/** Cutting an embedded SQLite file off from a running process is not an outage anyone meets; PostgreSQL only. */
const describeOnPostgres = POSTGRES_SERVER ? describe : describe.skip;
if (!POSTGRES_SERVER) {
  console.info('database outage: skipped on SQLite (runs in `nx e2e-postgres api`)');
}

/** Takes the app's database away the way an outage does: its connections are cut and new ones refused. */
async function setDatabaseReachable(t: TestApp, reachable: boolean): Promise<void> {
  const server = POSTGRES_SERVER as string;
  const { url } = t.app.get(DataSource).options as { url: string };
  const name = new URL(url).pathname.slice(1);
  await onPostgresServer(server, `ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS ${reachable}`);
  if (!reachable) {
    await onPostgresServer(server, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
  }
}

describeOnPostgres('the database becomes unreachable (e2e, PostgreSQL)', () => {
  let t: TestApp;
  let user: { token: string; userId: string };
  let roomId: string;

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'fatal' });
    user = await signUp(t, 'Outage');
    roomId = await createRoom(t, user.token, { name: 'Outage' });
  });
  afterAll(async () => {
    await setDatabaseReachable(t, true);
    await t.close();
  });

  it('answers REST with 503 service-unavailable, signaling joins with unavailable, and recovers', async () => {
    const auth = { Authorization: `Bearer ${user.token}` };
    const socket = await WsClient.connect(t.wsUrl, user.token);
    await setDatabaseReachable(t, false);

    const requests = {
      'GET /api/health': t.http.get('/api/health'),
      'GET /api/rooms': t.http.get('/api/rooms').set(auth),
      'GET /api/rooms/:id': t.http.get(`/api/rooms/${roomId}`).set(auth),
      'POST /api/rooms': t.http.post('/api/rooms').set(auth).send({ name: 'During' }),
      'PATCH /api/auth/me': t.http.patch('/api/auth/me').set(auth).send({ displayName: 'During' }),
      'POST /api/auth/login': t.http.post('/api/auth/login').send({ username: 'nobody-here', password: 'whatever-pw' }),
      'POST /api/auth/register': t.http
        .post('/api/auth/register')
        .send({ username: `o${Date.now()}`, password: 'x'.repeat(9) }),
    };
    for (const [route, request] of Object.entries(requests)) {
      const res = await request;
      const what = `${route} -> ${res.status} ${res.text}`;
      expect({ what, status: res.status }).toEqual({ what, status: 503 });
      expect(res.body).toMatchObject({ statusCode: 503, code: 'service-unavailable', message: expect.any(String) });
      expect(res.text).not.toMatch(/\bat [\w.<>]+ \(|node_modules|ECONNREFUSED|password/);
    }

    // A new socket cannot have its token checked: refused as unavailable, not as a bad credential.
    expect(await WsClient.refusal(t.wsUrl, `token=${encodeURIComponent(user.token)}`)).toBe(503);
    socket.send('join', { roomId });
    expect(await socket.next('error')).toMatchObject({ code: 'unavailable' });
    socket.send('keepalive', {});
    await socket.next('keepalive');

    await setDatabaseReachable(t, true);
    await eventually(async () => (await t.http.get('/api/health')).status === 200);
    await t.http.get(`/api/rooms/${roomId}`).set(auth).expect(200);
    await t.http.post('/api/rooms').set(auth).send({ name: 'After' }).expect(201);
    socket.send('join', { roomId });
    expect(await socket.next('resp-join')).toMatchObject({ roomId });
    await socket.closeAndWait();
  }, 60000);

  it('answers a seated socket’s stats sample with unavailable while the database is unreachable, and stays usable', async () => {
    const socket = await WsClient.connect(t.wsUrl, user.token);
    socket.send('join', { roomId });
    await socket.next('resp-join');
    await setDatabaseReachable(t, false);
    socket.send('stats', { peerId: 'somebody', final: false, outcome: 'connecting' }, 1);
    expect(await socket.next('error')).toMatchObject({ code: 'unavailable', ref: 1 });
    await setDatabaseReachable(t, true);
    await eventually(async () => (await t.http.get('/api/health')).status === 200);
    socket.send('stats', { peerId: 'somebody-else', final: false, outcome: 'connecting' }, 2);
    expect(await socket.next('error')).toMatchObject({ code: 'peer-not-found', ref: 2 });
    await socket.closeAndWait();
  }, 60000);
});

async function eventually(check: () => Promise<boolean>, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the condition did not hold in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}
