import { createHmac } from 'node:crypto';
import { signUp, startTestApp, TestApp } from './support/test-app';

describe('TURN credentials (e2e)', () => {
  describe('with coturn configured and a rotated secret', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({
        TURN_SECRET: 'current-secret-value-of-32-characters,previous-secret-value-of-32-characters',
        TURN_URIS:
          'turn:turn.example.org:3478?transport=udp,turn:turn.example.org:3478?transport=tcp,stun:turn.example.org:3478',
        TURN_TTL_SECONDS: '600',
      });
    });
    afterAll(() => t.close());

    it('signs <expiry>:<userId> with HMAC-SHA1 of the first secret, expiring after the TTL', async () => {
      const { token, userId } = await signUp(t);
      const before = Math.floor(Date.now() / 1000);
      const res = await t.http.get('/api/turn/credentials').set('Authorization', `Bearer ${token}`).expect(200);
      const after = Math.floor(Date.now() / 1000);

      const [expiry, user] = res.body.username.split(':');
      expect(user).toBe(userId);
      expect(Number(expiry)).toBeGreaterThanOrEqual(before + 600);
      expect(Number(expiry)).toBeLessThanOrEqual(after + 600);
      expect(res.body.password).toBe(
        createHmac('sha1', 'current-secret-value-of-32-characters').update(res.body.username).digest('base64'),
      );
      expect(res.body.ttl).toBe(600);
      expect(res.body.turnConfigured).toBe(true);
      expect(res.body.uris).toEqual([
        'turn:turn.example.org:3478?transport=udp',
        'turn:turn.example.org:3478?transport=tcp',
        'stun:turn.example.org:3478',
      ]);
      expect(res.body.iceServers).toEqual([
        { urls: ['stun:turn.example.org:3478'] },
        {
          urls: ['turn:turn.example.org:3478?transport=udp', 'turn:turn.example.org:3478?transport=tcp'],
          username: res.body.username,
          credential: res.body.password,
        },
      ]);
    });

    it('is only for logged-in users', async () => {
      await t.http.get('/api/turn/credentials').expect(401);
    });
  });

  describe('without TURN', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ STUN_URIS: 'stun:stun.example.org:3478' });
    });
    afterAll(() => t.close());

    it('returns only the STUN servers and says that TURN is not configured', async () => {
      const { token } = await signUp(t);
      const res = await t.http.get('/api/turn/credentials').set('Authorization', `Bearer ${token}`).expect(200);
      expect(res.body).toMatchObject({
        username: null,
        password: null,
        turnConfigured: false,
        iceServers: [{ urls: ['stun:stun.example.org:3478'] }],
      });
      expect(res.body.notice).toMatch(/No TURN server/);
    });
  });
});
