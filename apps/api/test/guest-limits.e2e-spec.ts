import { createRoom, signUp, startTestApp, TestApp } from './support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('guest sign-in limits (e2e)', () => {
  let t: TestApp;
  afterAll(() => t.close());

  it('limits guest sign-ins per client address like logins', async () => {
    t = await startTestApp({ AUTH_RATE_LIMIT: '3' });
    const owner = await signUp(t);
    const roomId = await createRoom(t, owner.token);
    const created = await t.http.post(`/api/rooms/${roomId}/invites`).set(auth(owner.token)).send({}).expect(201);
    const redeem = () => t.http.post('/api/invites/redeem').send({ secret: created.body.secret, displayName: 'G' });
    for (let i = 0; i < 3; i++) await redeem().expect(200);
    const refused = await redeem().expect(429);
    expect(refused.headers['retry-after']).toBeDefined();
  });
});
