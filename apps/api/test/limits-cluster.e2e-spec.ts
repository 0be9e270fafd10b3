import { createClient } from 'redis';
import { REDIS_URL, useTwoInstances } from './support/cluster';
import { createRoom, signUp, TestApp } from './support/test-app';
import { closeAfterEach, WsClient } from './support/ws-client';

const PASSWORD = 'correct horse battery';

// Sign-ups hash passwords on two instances at once: slow on a busy machine.
jest.setTimeout(60000);

/** Two instances sharing Redis: adding an instance must not add tries for whoever guesses. */
describe('guessing limits shared across instances (Redis, e2e)', () => {
  const cluster = useTwoInstances({
    TRUST_PROXY: '1',
    AUTH_RATE_LIMIT: '8',
    LOGIN_MAX_FAILURES: '3',
    ROOM_PASSWORD_MAX_ATTEMPTS: '2',
    ROOM_PASSWORD_ROOM_MAX_ATTEMPTS: '4',
    SIGNALING_RESUME_WINDOW_MS: '0',
  });
  const track = closeAfterEach();

  let address = 0;
  const login = (app: TestApp, username: string, password: string, from = `198.51.100.${++address % 250}`) =>
    app.http.post('/api/auth/login').set('X-Forwarded-For', from).send({ username, password });

  it('counts failed logins for one account on every instance together', async () => {
    const { one, two } = cluster;
    const victim = await signUp(one, 'Victim');
    expect((await login(one, victim.username, 'guess 1')).status).toBe(401);
    expect((await login(two, victim.username, 'guess 2')).status).toBe(401);
    expect((await login(one, victim.username, 'guess 3')).status).toBe(401);
    const refused = await login(two, victim.username, PASSWORD);
    expect([refused.status, refused.body.code, refused.headers['retry-after']]).toEqual([429, 'rate-limited', '1']);
  });

  it('counts the login attempts of one address on every instance together', async () => {
    const { one, two } = cluster;
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await login(i % 2 ? two : one, 'nobody', 'x', '192.0.2.77')).status);
    expect(statuses).toEqual([...Array(8).fill(401), 429, 429]);
  });

  it('counts wrong room passwords per room across instances, and the counters expire by themselves', async () => {
    const { one, two } = cluster;
    const owner = await signUp(one, 'Owner');
    const roomId = await createRoom(one, owner.token, { name: 'Guarded', password: 'the right one' });
    const answers: string[] = [];
    for (const [index, app] of [one, two, one].entries()) {
      const guesser = await signUp(app, `Guesser ${index}`);
      const socket = track(await WsClient.connect(app.wsUrl, guesser.token));
      for (let guess = 0; guess < 2; guess++) {
        socket.send('join', { roomId, password: `guess ${index}.${guess}` });
        answers.push((await socket.next('error')).code);
      }
    }
    expect(answers).toEqual([
      'room-password',
      'room-password',
      'room-password',
      'room-password',
      'rate-limited',
      'rate-limited',
    ]);

    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    try {
      const keys: string[] = [];
      for await (const batch of redis.scanIterator({ MATCH: `${cluster.prefix}attempts:*`, COUNT: 500 }))
        keys.push(...batch);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(await redis.pTTL(key)).toBeGreaterThan(0);
    } finally {
      await redis.close();
    }
  });
});
