import { createRoom, signUp, startTestApp, TestApp } from './support/test-app';
import { useWsClients } from './support/ws-client';

const PASSWORD = 'correct horse battery';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('failed logins per account, behind a proxy whose header anyone can forge (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // One trusted hop, while the port is still reachable directly: each request picks its own address.
    t = await startTestApp({ TRUST_PROXY: '1', AUTH_RATE_LIMIT: '3', LOGIN_MAX_FAILURES: '3' });
  });
  afterAll(() => t.close());

  let address = 0;
  const login = (username: string, password: string) =>
    t.http
      .post('/api/auth/login')
      .set('X-Forwarded-For', `203.0.113.${++address % 250}`)
      .send({ username, password });

  it('backs off after 3 failures from any addresses, refusing even the right password meanwhile', async () => {
    const victim = await signUp(t, 'Victim');
    const bystander = await signUp(t, 'Bystander');
    for (let i = 0; i < 3; i++) expect((await login(victim.username, `guess ${i}`)).status).toBe(401);

    const refused = await login(victim.username, PASSWORD);
    expect({ status: refused.status, body: refused.body, retryAfter: refused.headers['retry-after'] }).toEqual({
      status: 429,
      body: {
        statusCode: 429,
        code: 'rate-limited',
        message: 'Too many failed logins for this account; try again later',
      },
      retryAfter: '1',
    });
    expect((await login(bystander.username, PASSWORD)).status).toBe(200);

    await sleep(1100);
    expect((await login(victim.username, 'guess 3')).status).toBe(401);
    // 2 s from the failure before (less the time that check took): the exact doubling is unit-tested.
    const longer = await login(victim.username, PASSWORD);
    expect(longer.status).toBe(429);
    expect(['1', '2']).toContain(longer.headers['retry-after']);

    await sleep(2100);
    expect((await login(victim.username, PASSWORD)).status).toBe(200);
    // The right password starts the count afresh.
    for (let i = 0; i < 3; i++) expect((await login(victim.username, `again ${i}`)).status).toBe(401);
    expect((await login(victim.username, PASSWORD)).status).toBe(429);
  });
});

describe('per-address limits for IPv6 clients (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: '1', AUTH_RATE_LIMIT: '3' });
  });
  afterAll(() => t.close());

  const login = (address: string) =>
    t.http.post('/api/auth/login').set('X-Forwarded-For', address).send({ username: 'nobody', password: 'guess' });

  it('counts every address of one /64 together, and other /64s apart', async () => {
    for (const host of ['1', 'a:b:c:d', 'ffff:1:2:3']) expect((await login(`2001:db8:7:7::${host}`)).status).toBe(401);
    const refused = await login('2001:db8:7:7:1234::99');
    expect([refused.status, refused.body.code]).toEqual([429, 'rate-limited']);
    expect((await login('2001:db8:7:8::1')).status).toBe(401);
  });
});

describe('room passwords and hashing budgets (e2e)', () => {
  let t: TestApp;
  const connect = useWsClients(() => t.wsUrl);
  beforeAll(async () => {
    t = await startTestApp({
      ROOM_PASSWORD_MAX_ATTEMPTS: '4',
      ROOM_PASSWORD_ROOM_MAX_ATTEMPTS: '10',
      ROOM_PASSWORD_WINDOW_MS: '600000',
      HASH_BUDGET_PER_ACCOUNT: '5',
      MAX_ROOMS_PER_ACCOUNT: '7',
      SIGNALING_RESUME_WINDOW_MS: '0',
    });
  });
  afterAll(() => t.close());

  const post = (token: string, body: object) =>
    t.http.post('/api/rooms').set('Authorization', `Bearer ${token}`).send(body);

  it('counts wrong room passwords per room across accounts: 8 accounts get 10 guesses, not 32', async () => {
    const owner = await signUp(t, 'Owner');
    const roomId = await createRoom(t, owner.token, { name: 'Guarded', password: 'the right one' });
    const answers: string[] = [];
    for (let account = 0; account < 8; account++) {
      const guesser = await connect((await signUp(t, `Guesser ${account}`)).token);
      for (let guess = 0; guess < 4; guess++) {
        guesser.send('join', { roomId, password: `guess ${account}.${guess}` });
        answers.push((await guesser.next('error')).code);
      }
    }
    expect(answers.filter((code) => code === 'room-password')).toHaveLength(10);
    expect(answers.filter((code) => code === 'rate-limited')).toHaveLength(22);
    // Until the window ends, the room refuses password joins from anyone, the right password included.
    const latecomer = await connect((await signUp(t, 'Latecomer')).token);
    latecomer.send('join', { roomId, password: 'the right one' });
    expect((await latecomer.next('error')).code).toBe('rate-limited');
  });

  it('refuses a room password shorter than 6 characters', async () => {
    const { token } = await signUp(t);
    const res = await post(token, { name: 'Weak', password: '12345' }).expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      code: 'validation-failed',
      message: ['password must be at least 6 characters long'],
    });
    const id = await createRoom(t, token, { name: 'Fine', password: '123456' });
    await t.http.patch(`/api/rooms/${id}`).set('Authorization', `Bearer ${token}`).send({ password: 'x' }).expect(400);
  });

  it('limits the hashes one account causes: password rooms, then password changes, get 429 with Retry-After', async () => {
    const { token } = await signUp(t);
    for (let i = 0; i < 5; i++) await post(token, { name: `Guarded ${i}`, password: 'secret pw' }).expect(201);
    const res = await post(token, { name: 'One more', password: 'secret pw' }).expect(429);
    expect(res.body.code).toBe('rate-limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(590);
    const change = await t.http
      .post('/api/auth/password')
      .set('Authorization', `Bearer ${token}`)
      .send({ currentPassword: PASSWORD, newPassword: 'another good one' })
      .expect(429);
    expect(change.body.code).toBe('rate-limited');
    // Rooms without a password hash nothing.
    await post(token, { name: 'Open' }).expect(201);
    await post((await signUp(t)).token, { name: 'Someone else', password: 'secret pw' }).expect(201);
  });

  it('lets an account own at most MAX_ROOMS_PER_ACCOUNT rooms, also when it creates them in parallel', async () => {
    const { token } = await signUp(t);
    const parallel = await Promise.all(Array.from({ length: 9 }, (_, i) => post(token, { name: `Room ${i}` })));
    const refusals = parallel.filter((res) => res.status !== 201);
    expect(refusals.length).toBeGreaterThanOrEqual(2);
    for (const res of refusals) {
      expect(res.body).toEqual({
        statusCode: 403,
        code: 'room-limit-reached',
        message: 'An account can own at most 7 rooms; delete one first',
      });
    }
    for (let owned = 9 - refusals.length; owned < 7; owned++) await post(token, { name: 'More' }).expect(201);
    await post(token, { name: 'One too many' }).expect(403);
    const mine = await t.http.get('/api/rooms?limit=100').set('Authorization', `Bearer ${token}`).expect(200);
    expect(mine.body.total).toBe(7);
  });
});

describe('a queue of password hashes (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ HASH_CONCURRENCY: '1', HASH_QUEUE_LIMIT: '2' });
  });
  afterAll(() => t.close());

  it('refuses hashes beyond the queue with 503 and Retry-After while other requests keep flowing', async () => {
    const accounts = await Promise.all(Array.from({ length: 3 }, () => signUp(t)));
    const creations = accounts.flatMap(({ token }) =>
      Array.from({ length: 4 }, (_, i) =>
        t.http
          .post('/api/rooms')
          .set('Authorization', `Bearer ${token}`)
          .send({ name: `R${i}`, password: 'secret pw' }),
      ),
    );
    const started = creations.map((req) => req.then((res) => res));
    const listing = await t.http.get('/api/rooms').set('Authorization', `Bearer ${accounts[0].token}`);
    expect(listing.status).toBe(200);
    const results = await Promise.all(started);
    const statuses = results.map((res) => res.status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(3);
    expect(statuses.filter((s) => s !== 201 && s !== 503)).toEqual([]);
    const busy = results.find((res) => res.status === 503);
    expect(busy?.body).toMatchObject({ statusCode: 503, code: 'service-unavailable' });
    expect(busy?.headers['retry-after']).toBe('2');
  });
});
