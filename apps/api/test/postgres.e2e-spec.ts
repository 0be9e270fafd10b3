import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { E2E_DATABASE_PREFIX } from './support/postgres';
import { createRoom, signUp, startTestApp, TestApp } from './support/test-app';
import { useWsClients } from './support/ws-client';

/** A server where this test may create and drop a database (CI starts the machine's PostgreSQL). */
const SERVER_URL = process.env['TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin<T>(run: (server: DataSource) => Promise<T>): Promise<T> {
  const server = await new DataSource({ type: 'postgres', url: SERVER_URL }).initialize();
  try {
    return await run(server);
  } finally {
    await server.destroy();
  }
}

describe('the same product on PostgreSQL (e2e)', () => {
  const database = `${E2E_DATABASE_PREFIX}pg_${randomBytes(6).toString('hex')}`;
  let t: TestApp;
  const connect = useWsClients(() => t.wsUrl);

  beforeAll(async () => {
    await admin((c) => c.query(`CREATE DATABASE ${database}`));
    const url = new URL(SERVER_URL);
    url.pathname = `/${database}`;
    t = await startTestApp({
      DATABASE_URL: url.toString(),
      SIGNALING_RESUME_WINDOW_MS: '0',
      ADMIN_USERNAME: 'pgadmin',
      ADMIN_PASSWORD: 'pgadmin-password',
    });
  });
  afterAll(async () => {
    await t?.close();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  });

  it('runs every migration on PostgreSQL', async () => {
    const source = t.app.get(DataSource);
    expect(source.options.type).toBe('postgres');
    const applied: Array<{ name: string }> = await source.query('SELECT name FROM migrations ORDER BY id');
    expect(applied.map((m) => m.name)).toEqual(source.migrations.map((m) => m.name));
    expect(await source.showMigrations()).toBe(false);
  });

  it('registers, logs in, creates a password room and admits only with the password', async () => {
    const owner = await signUp(t, 'Owner');
    expect(owner.userId).toMatch(/^[0-9a-f-]{36}$/);
    const roomId = await createRoom(t, owner.token, { name: 'On Postgres', password: 'pg-room-pass', isPublic: true });
    const listed = await t.http.get('/api/rooms').set('Authorization', `Bearer ${owner.token}`).expect(200);
    expect(JSON.stringify(listed.body)).toContain(roomId);

    const guest = await signUp(t, 'Guest');
    const a = await connect(owner.token);
    a.send('join', { roomId, password: 'pg-room-pass' });
    const aJoin = await a.next('resp-join');
    const b = await connect(guest.token);
    b.send('join', { roomId });
    expect((await b.next('error')).code).toBe('room-password');
    b.send('join', { roomId, password: 'pg-room-pass' });
    const bJoin = await b.next('resp-join');
    await a.next('new-peer');
    b.send('offer', { to: aJoin.selfId, sdp: { type: 'offer', sdp: 'v=0\r\n' } });
    expect((await a.next('offer')).from).toBe(bJoin.selfId);
  });

  it('searches users case-insensitively and disables an account', async () => {
    const login = await t.http
      .post('/api/auth/login')
      .send({ username: 'pgadmin', password: 'pgadmin-password' })
      .expect(200);
    const bearer = `Bearer ${login.body.accessToken}`;
    const target = await signUp(t, 'Findable Person');
    const found = await t.http.get('/api/admin/users?q=FINDABLE').set('Authorization', bearer).expect(200);
    expect(JSON.stringify(found.body)).toContain(target.userId);
    await t.http
      .patch(`/api/admin/users/${target.userId}`)
      .set('Authorization', bearer)
      .send({ disabled: true })
      .expect(200);
    await t.http.get('/api/auth/me').set('Authorization', `Bearer ${target.token}`).expect(401);
  });
});
