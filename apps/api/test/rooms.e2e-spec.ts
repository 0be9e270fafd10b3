import { createRoom, signUp, startTestApp, TestApp } from './support/test-app';

describe('rooms (e2e)', () => {
  let t: TestApp;
  let token: string;
  let userId: string;
  beforeAll(async () => {
    t = await startTestApp();
    ({ token, userId } = await signUp(t));
  });
  afterAll(() => t.close());

  it('creates a room with a UUID id, default capacity 4, owned by the caller', async () => {
    const res = await t.http
      .post('/api/rooms')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: '  Daily standup ' })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      name: 'Daily standup',
      capacity: 4,
      ownerId: userId,
      createdAt: expect.any(String),
      isPublic: false,
      hasPassword: false,
      locked: false,
      participants: 0,
      guestsWait: true,
      membersWait: false,
    });
    const fetched = await t.http.get(`/api/rooms/${res.body.id}`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(fetched.body).toEqual(res.body);
  });

  it('keeps the requested capacity within 2 to 8', async () => {
    const id = await createRoom(t, token, { name: 'Pair', capacity: 2 });
    const res = await t.http.get(`/api/rooms/${id}`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body.capacity).toBe(2);
    const tooBig = await t.http
      .post('/api/rooms')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'x', capacity: 9 });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.message).toEqual(['capacity must be at most 8']);
  });

  it('creates a room without a password when the password is null', async () => {
    const res = await t.http
      .post('/api/rooms')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: '!', password: null })
      .expect(201);
    expect(res.body).toMatchObject({ name: '!', hasPassword: false });
  });

  it('refuses a nameless room', async () => {
    const res = await t.http
      .post('/api/rooms')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: '   ' })
      .expect(400);
    expect(res.body.message).toEqual(['name must be 1 to 100 characters long']);
  });

  it('answers 404 room-not-found for unknown and malformed ids', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await t.http.get(`/api/rooms/${id}`).set('Authorization', `Bearer ${token}`).expect(404);
      expect(res.body.code).toBe('room-not-found');
    }
  });

  it('lists up to page 1,000,000 and refuses pages beyond with 400', async () => {
    const last = await t.http.get('/api/rooms?page=1000000&limit=100').set('Authorization', `Bearer ${token}`);
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({ items: [], page: 1000000 });
    for (const page of ['1000001', '99999999999999999999']) {
      const res = await t.http.get(`/api/rooms?page=${page}`).set('Authorization', `Bearer ${token}`);
      expect({ page, status: res.status, message: res.body.message }).toEqual({
        page,
        status: 400,
        message: ['page must be at most 1000000'],
      });
    }
  });

  it('needs a login to create or read rooms', async () => {
    await t.http.post('/api/rooms').send({ name: 'x' }).expect(401);
    const id = await createRoom(t, token);
    await t.http.get(`/api/rooms/${id}`).expect(401);
  });
});
