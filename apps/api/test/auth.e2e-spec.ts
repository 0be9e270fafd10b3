import { DataSource } from 'typeorm';
import { signUp, startTestApp, TestApp } from './support/test-app';

describe('accounts (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('registers, logs in and reads the current user with the token', async () => {
    const reg = await t.http
      .post('/api/auth/register')
      .send({ username: 'Alice', password: 'correct horse', displayName: 'Alice A.' })
      .expect(201);
    expect(reg.body).toMatchObject({ username: 'alice', displayName: 'Alice A.', role: 'user' });
    expect(reg.body).not.toHaveProperty('passwordHash');

    const login = await t.http
      .post('/api/auth/login')
      .send({ username: 'alice', password: 'correct horse' })
      .expect(200);
    expect(login.body.user.id).toBe(reg.body.id);
    expect(typeof login.body.accessToken).toBe('string');

    const me = await t.http.get('/api/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(me.body).toEqual(reg.body);
  });

  it('stores an argon2id hash, never the password', async () => {
    await t.http.post('/api/auth/register').send({ username: 'hashcheck', password: 'plain-text-pw' }).expect(201);
    const rows: Array<{ passwordHash: string }> = await t.app
      .get(DataSource)
      .query(`SELECT "passwordHash" FROM "user" WHERE username = 'hashcheck'`);
    expect(rows[0].passwordHash).toMatch(/^\$argon2id\$/);
    expect(rows[0].passwordHash).not.toContain('plain-text-pw');
  });

  it('refuses a taken username with 409 username-taken, whatever its case', async () => {
    await t.http.post('/api/auth/register').send({ username: 'bob', password: 'password1' }).expect(201);
    const res = await t.http.post('/api/auth/register').send({ username: 'BOB', password: 'password2' }).expect(409);
    expect(res.body).toEqual({ statusCode: 409, code: 'username-taken', message: 'That username is already taken' });
  });

  it('says which rule a registration breaks', async () => {
    const res = await t.http.post('/api/auth/register').send({ username: 'a b', password: 'short' }).expect(400);
    expect(res.body.code).toBe('validation-failed');
    expect(res.body.message).toEqual(
      expect.arrayContaining([
        'username may contain only letters, digits, ".", "_" and "-"',
        'password must be at least 8 characters long',
      ]),
    );
  });

  it('rejects unknown fields in a body', async () => {
    const res = await t.http
      .post('/api/auth/register')
      .send({ username: 'carol', password: 'password1', role: 'admin' })
      .expect(400);
    expect(res.body.message).toEqual(['property role should not exist']);
  });

  it('answers a wrong password and an unknown user with the same 401', async () => {
    await t.http.post('/api/auth/register').send({ username: 'dave', password: 'password1' }).expect(201);
    const wrong = await t.http.post('/api/auth/login').send({ username: 'dave', password: 'password2' }).expect(401);
    const unknown = await t.http
      .post('/api/auth/login')
      .send({ username: 'nobody', password: 'password2' })
      .expect(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.code).toBe('invalid-credentials');
  });

  it('requires a valid bearer token', async () => {
    await t.http.get('/api/auth/me').expect(401);
    const res = await t.http.get('/api/auth/me').set('Authorization', 'Bearer not.a.token').expect(401);
    expect(res.body.code).toBe('unauthorized');
  });
});

describe('account changes (e2e)', () => {
  let t: TestApp;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('changes the display name, trimmed and validated', async () => {
    const { token } = await signUp(t, 'Before');
    const res = await t.http.patch('/api/auth/me').set(auth(token)).send({ displayName: '  After  ' }).expect(200);
    expect(res.body.displayName).toBe('After');
    expect((await t.http.get('/api/auth/me').set(auth(token)).expect(200)).body.displayName).toBe('After');
    const bad = await t.http.patch('/api/auth/me').set(auth(token)).send({ displayName: '   ' }).expect(400);
    expect(bad.body.message).toEqual(['displayName must be 1 to 64 characters long']);
  });

  it('changes the password only with the current one, and revokes older tokens', async () => {
    const { token, username } = await signUp(t);
    const wrong = await t.http
      .post('/api/auth/password')
      .set(auth(token))
      .send({ currentPassword: 'not it at all', newPassword: 'brand new password' })
      .expect(403);
    expect(wrong.body.code).toBe('wrong-password');
    const short = await t.http
      .post('/api/auth/password')
      .set(auth(token))
      .send({ currentPassword: 'correct horse battery', newPassword: 'short' })
      .expect(400);
    expect(short.body.message).toEqual(['newPassword must be at least 8 characters long']);

    const changed = await t.http
      .post('/api/auth/password')
      .set(auth(token))
      .send({ currentPassword: 'correct horse battery', newPassword: 'brand new password' })
      .expect(200);
    await t.http.get('/api/auth/me').set(auth(changed.body.accessToken)).expect(200);
    const old = await t.http.get('/api/auth/me').set(auth(token)).expect(401);
    expect(old.body.code).toBe('unauthorized');
    await t.http.post('/api/auth/login').send({ username, password: 'correct horse battery' }).expect(401);
    await t.http.post('/api/auth/login').send({ username, password: 'brand new password' }).expect(200);
  });

  it('logs out everywhere: every token issued so far stops working, new logins work', async () => {
    const { token, username } = await signUp(t);
    const second = await t.http.post('/api/auth/login').send({ username, password: 'correct horse battery' });
    await t.http.post('/api/auth/logout-all').set(auth(token)).expect(204);
    await t.http.get('/api/auth/me').set(auth(token)).expect(401);
    await t.http.get('/api/auth/me').set(auth(second.body.accessToken)).expect(401);
    const again = await t.http.post('/api/auth/login').send({ username, password: 'correct horse battery' });
    await t.http.get('/api/auth/me').set(auth(again.body.accessToken)).expect(200);
  });
});

describe('login and registration rate limits (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ AUTH_RATE_LIMIT: '3', AUTH_RATE_WINDOW_SECONDS: '60' });
  });
  afterAll(() => t.close());

  it('answers 429 rate-limited with Retry-After once an address exceeds the login limit', async () => {
    for (let i = 0; i < 3; i++) {
      await t.http.post('/api/auth/login').send({ username: 'nobody', password: 'whatever1' }).expect(401);
    }
    const res = await t.http.post('/api/auth/login').send({ username: 'nobody', password: 'whatever1' }).expect(429);
    expect(res.body).toMatchObject({ statusCode: 429, code: 'rate-limited' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('limits registration too', async () => {
    for (let i = 0; i < 3; i++) {
      await t.http
        .post('/api/auth/register')
        .send({ username: `rl${i}`, password: 'x' })
        .expect(400);
    }
    const res = await t.http.post('/api/auth/register').send({ username: 'rl9', password: 'password1' }).expect(429);
    expect(res.body.code).toBe('rate-limited');
    expect(res.headers['retry-after']).toBeDefined();
  });

  it('does not limit other routes', async () => {
    const res = await t.http.get('/api/auth/me');
    expect(res.status).toBe(401);
    for (let i = 0; i < 5; i++) await t.http.get('/api/health').expect(200);
  });
});
