import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, TestApp } from './support/test-app';
import { WsClient } from './support/ws-client';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

// Several restarts and password hashes per test: slow on a busy machine.
jest.setTimeout(60_000);

describe('first administrator from ADMIN_USERNAME/ADMIN_PASSWORD (e2e)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'webrtc-call-admin-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const startOn = (env: Record<string, string> = {}) => startTestApp({ LOG_LEVEL: 'warn', ...env }, { dataDir });
  const role = async (t: TestApp, username: string, password: string) =>
    (await t.http.post('/api/auth/login').send({ username, password }).expect(200)).body.user.role;

  it('creates the configured account as an administrator who need not change the password', async () => {
    const t = await startOn({ ADMIN_USERNAME: 'Boss', ADMIN_PASSWORD: 'boss-password' });
    try {
      const res = await t.http.post('/api/auth/login').send({ username: 'boss', password: 'boss-password' });
      expect(res.body.user).toMatchObject({ role: 'admin', mustChangePassword: false });
      await t.http.get('/api/admin/users').set(auth(res.body.accessToken)).expect(200);
    } finally {
      await t.close();
    }
  });

  it('refuses to start rather than promote an account someone registered under that name first', async () => {
    const live = await startOn();
    try {
      await live.http.post('/api/auth/register').send({ username: 'ops', password: 'squatter-password' }).expect(201);
    } finally {
      await live.close();
    }

    const outcome = await startOn({ ADMIN_USERNAME: 'ops', ADMIN_PASSWORD: 'operator-password' }).then(
      async (started) => (await started.close(), 'started'),
      (error: Error) => error.message,
    );
    expect(outcome).toMatch(
      /^Refusing to start: ADMIN_USERNAME "ops" names an existing account .* ADMIN_PASSWORD is not its password/,
    );

    const after = await startOn();
    try {
      expect(await role(after, 'ops', 'squatter-password')).toBe('user');
    } finally {
      await after.close();
    }
  });

  it('promotes an existing account when ADMIN_PASSWORD is its password', async () => {
    const live = await startOn();
    try {
      await live.http.post('/api/auth/register').send({ username: 'ops', password: 'owner-password' }).expect(201);
    } finally {
      await live.close();
    }
    const t = await startOn({ ADMIN_USERNAME: 'ops', ADMIN_PASSWORD: 'owner-password' });
    try {
      expect(await role(t, 'ops', 'owner-password')).toBe('admin');
    } finally {
      await t.close();
    }
  });
});

describe('generated first administrator (e2e)', () => {
  let dataDir: string;
  let t: TestApp;
  let password: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'webrtc-call-admin-'));
    t = await startTestApp({ LOG_LEVEL: 'warn' }, { dataDir });
    password = readFileSync(join(dataDir, 'admin-password'), 'utf8').trim();
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes the password to <DATA_DIR>/admin-password, readable by its owner only, and names the file in the log', () => {
    expect(password).toMatch(/^[\w-]{24}$/);
    expect(statSync(join(dataDir, 'admin-password')).mode & 0o777).toBe(0o600);
    const lines = t.logs.matching('No administrator configured');
    expect(lines).toHaveLength(1);
    expect(lines[0]['msg']).toContain(`created "admin" with the password in ${join(dataDir, 'admin-password')}`);
    expect(t.logs.text).not.toContain(password);
  });

  it('lets that password do nothing but choose a new one, then everything', async () => {
    const login = await t.http.post('/api/auth/login').send({ username: 'admin', password }).expect(200);
    expect(login.body.user).toMatchObject({ role: 'admin', mustChangePassword: true });
    const token: string = login.body.accessToken;

    const refused = await t.http.get('/api/rooms').set(auth(token)).expect(403);
    expect(refused.body).toMatchObject({ code: 'password-change-required' });
    for (const blocked of [
      t.http.get('/api/admin/users'),
      t.http.patch('/api/auth/me').send({ displayName: 'Root' }),
      t.http.post('/api/signaling/ticket'),
      t.http.get('/api/turn/credentials'),
    ]) {
      expect((await blocked.set(auth(token))).body.code).toBe('password-change-required');
    }
    expect(await WsClient.refusal(t.wsUrl, `token=${encodeURIComponent(token)}`)).toBe(401);
    const me = await t.http.get('/api/auth/me').set(auth(token)).expect(200);
    expect(me.body.mustChangePassword).toBe(true);

    const same = await t.http
      .post('/api/auth/password')
      .set(auth(token))
      .send({ currentPassword: password, newPassword: password })
      .expect(400);
    expect(same.body.message).toEqual(['newPassword must differ from the current password']);

    const changed = await t.http
      .post('/api/auth/password')
      .set(auth(token))
      .send({ currentPassword: password, newPassword: 'chosen by the operator' })
      .expect(200);
    expect(changed.body.user.mustChangePassword).toBe(false);
    await t.http.get('/api/rooms').set(auth(changed.body.accessToken)).expect(200);
    await t.http.get('/api/admin/users').set(auth(changed.body.accessToken)).expect(200);
  });

  it('does not generate another administrator on restart', async () => {
    const again = await startTestApp({ LOG_LEVEL: 'warn' }, { dataDir });
    try {
      expect(again.logs.matching('No administrator configured')).toHaveLength(0);
      expect(readFileSync(join(dataDir, 'admin-password'), 'utf8').trim()).toBe(password);
    } finally {
      await again.close();
    }
  });
});
