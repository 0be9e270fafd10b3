import fc from 'fast-check';
import type { Response } from 'supertest';
import { createRoom, logIn, signUp, startTestApp, TestApp } from './support/test-app';

/** Requests per route: enough to reach every validator with wrong types, bounded so the suite stays quick. */
const RUNS = { numRuns: 60 };
/** Routes that hash or verify a password (argon2) cost tens of milliseconds each. */
const HASHING_RUNS = { numRuns: 25 };

const wrongType = fc.constantFrom<unknown>(
  null,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 53 + 2,
  '',
  ' ',
  'x',
  '__proto__',
  [],
  ['x'],
  {},
  { $ne: null },
);
const sizedString = fc
  .constantFrom(1, 2, 3, 7, 8, 32, 33, 64, 65, 100, 101, 128, 129, 256, 257, 5000)
  .chain((length) => fc.constantFrom('a', ' ', '\u00e9', '\ud83d\ude00', '\u0000', '.').map((c) => c.repeat(length)));
const value = fc.oneof(
  { arbitrary: wrongType, weight: 3 },
  { arbitrary: sizedString, weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 2 },
  { arbitrary: fc.integer(), weight: 1 },
);

/** Bodies shaped like the DTO (its field names, arbitrary values), with stray fields, or not objects at all. */
function bodyFor(fields: string[]): fc.Arbitrary<string> {
  const shaped = fc.record(Object.fromEntries(fields.map((name) => [name, value])), { requiredKeys: [] });
  const withExtra = fc
    .tuple(shaped, fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'id', 'role', 'ownerId', 'x'), value))
    .map(([a, b]) => ({ ...b, ...a }));
  return fc.oneof(
    { arbitrary: shaped.map((b) => JSON.stringify(b)), weight: 6 },
    { arbitrary: withExtra.map((b) => JSON.stringify(b)), weight: 2 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((b) => JSON.stringify(b)), weight: 1 },
    {
      arbitrary: fc.constantFrom('{', '{"a":', 'null', '"x"', '[]', '{"__proto__":{"role":"admin"}}', '1e400'),
      weight: 1,
    },
  );
}

/** Query strings for paginated lists: numbers, junk, repeated keys (which Express turns into arrays). */
const queryValue = fc.oneof(
  fc.constantFrom(
    '0',
    '1',
    '-1',
    '100',
    '101',
    '1.5',
    '1e3',
    '1e400',
    'NaN',
    'Infinity',
    '',
    ' ',
    '0x10',
    '99999999999999999999',
    '2026-11-30',
    '2026-11-30T10:00:00Z',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
    '+275760-09-13T00:00:00Z',
  ),
  fc.string({ maxLength: 80 }),
  // Short enough to stay under Node's 16 KiB header limit, which answers 431 before the app sees anything.
  sizedString.filter((v) => v.length <= 300),
);
const query = fc
  .array(fc.tuple(fc.constantFrom('page', 'limit', 'q', 'page[a]', 'limit[]', 'x', 'from', 'to'), queryValue), {
    maxLength: 4,
  })
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
const pathId = fc.oneof(
  fc.uuid(),
  fc.constantFrom('x', '..', '%00', 'null', '00000000-0000-0000-0000-000000000000', 'a'.repeat(300)),
  fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent),
);

/** A bad request is a 4xx with the documented error body; nothing a client sends is a 5xx. */
function expectCleanAnswer(res: Response, what: string): void {
  const context = `${what} -> ${res.status} ${res.text.slice(0, 300)}`;
  expect({ context, serverError: res.status >= 500 }).toEqual({ context, serverError: false });
  expect(res.text).not.toMatch(/\bat [\w.<>]+ \(|node_modules/);
  if (res.status < 400) return;
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body).toEqual({
    statusCode: res.status,
    code: expect.any(String),
    message: typeof res.body.message === 'string' ? expect.any(String) : expect.arrayContaining([]),
  });
  if (Array.isArray(res.body.message)) for (const line of res.body.message) expect(typeof line).toBe('string');
}

describe('REST endpoints under arbitrary input (e2e)', () => {
  let t: TestApp;
  let user: { token: string; userId: string };
  let adminToken: string;
  let roomId: string;
  let victimId: string;

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_USERNAME: 'fuzzadmin', ADMIN_PASSWORD: 'fuzz-admin-password', LOG_LEVEL: 'fatal' });
    user = await signUp(t, 'Fuzzer');
    victimId = (await signUp(t, 'Victim')).userId;
    adminToken = await logIn(t, 'fuzzadmin', 'fuzz-admin-password');
    roomId = await createRoom(t, user.token, { name: 'Fuzzed' });
  }, 60000);
  afterAll(() => t.close());

  const send = (method: 'post' | 'patch', path: string, body: string, token?: string) => {
    const req = t.http[method](path).set('Content-Type', 'application/json');
    return (token ? req.set('Authorization', `Bearer ${token}`) : req).send(body);
  };

  const bodyRoutes: Array<{
    name: string;
    runs?: { numRuns: number };
    method: 'post' | 'patch';
    path: () => string;
    token: () => string | undefined;
    fields: string[];
  }> = [
    {
      name: 'POST /api/auth/register',
      method: 'post',
      runs: HASHING_RUNS,
      path: () => '/api/auth/register',
      token: () => undefined,
      fields: ['username', 'password', 'displayName'],
    },
    {
      name: 'POST /api/auth/login',
      method: 'post',
      runs: HASHING_RUNS,
      path: () => '/api/auth/login',
      token: () => undefined,
      fields: ['username', 'password'],
    },
    {
      name: 'PATCH /api/auth/me',
      method: 'patch',
      path: () => '/api/auth/me',
      token: () => user.token,
      fields: ['displayName'],
    },
    {
      name: 'POST /api/auth/password',
      method: 'post',
      runs: HASHING_RUNS,
      path: () => '/api/auth/password',
      token: () => user.token,
      fields: ['currentPassword', 'newPassword'],
    },
    {
      name: 'POST /api/rooms',
      method: 'post',
      path: () => '/api/rooms',
      token: () => user.token,
      fields: ['name', 'capacity', 'password', 'isPublic'],
    },
    {
      name: 'PATCH /api/rooms/:id',
      method: 'patch',
      path: () => `/api/rooms/${roomId}`,
      token: () => user.token,
      fields: ['name', 'capacity', 'password', 'isPublic', 'locked'],
    },
    {
      name: 'PATCH /api/admin/users/:id',
      method: 'patch',
      path: () => `/api/admin/users/${victimId}`,
      token: () => adminToken,
      fields: ['role', 'disabled'],
    },
  ];

  it.each(bodyRoutes)(
    '$name answers arbitrary JSON bodies with a 4xx error body or success, never a 5xx',
    async (route) => {
      await fc.assert(
        fc.asyncProperty(bodyFor(route.fields), async (body) => {
          const res = await send(route.method, route.path(), body, route.token());
          expectCleanAnswer(res, `${route.name} ${body.slice(0, 200)}`);
        }),
        RUNS,
      );
    },
  );

  it.each([
    { name: 'GET /api/rooms', path: '/api/rooms', token: () => user.token },
    { name: 'GET /api/admin/users', path: '/api/admin/users', token: () => adminToken },
    { name: 'GET /api/admin/rooms', path: '/api/admin/rooms', token: () => adminToken },
    { name: 'GET /api/admin/calls', path: '/api/admin/calls', token: () => adminToken },
    { name: 'GET /api/admin/quality', path: '/api/admin/quality', token: () => adminToken },
  ])('$name answers arbitrary pagination queries with a 4xx error body or a page', async (route) => {
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const res = await t.http.get(`${route.path}?${q}`).set('Authorization', `Bearer ${route.token()}`);
        expectCleanAnswer(res, `${route.name}?${q}`);
        if (res.status === 200 && route.path !== '/api/admin/quality')
          expect(res.body.items.length).toBeLessThanOrEqual(100);
      }),
      RUNS,
    );
  });

  it('routes with an id in the path answer arbitrary ids with a 4xx error body, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        pathId,
        fc.constantFrom(
          ['get', '/api/rooms/:id', 'user'],
          ['patch', '/api/rooms/:id', 'user'],
          ['delete', '/api/rooms/:id', 'user'],
          ['get', '/api/rooms/:id/bans', 'user'],
          ['delete', '/api/rooms/:id/participants/:id', 'user'],
          ['delete', '/api/rooms/:id/bans/:id', 'user'],
          ['patch', '/api/admin/users/:id', 'admin'],
          ['delete', '/api/admin/users/:id', 'admin'],
          ['delete', '/api/admin/rooms/:id', 'admin'],
          ['delete', '/api/admin/rooms/:id/participants/:id', 'admin'],
          ['get', '/api/admin/calls/:id', 'admin'],
        ),
        async (id, [method, pattern, who]) => {
          const path = pattern.replace(/:id/g, id);
          const token = who === 'admin' ? adminToken : user.token;
          const res = await t.http[method as 'get' | 'patch' | 'delete'](path)
            .set('Authorization', `Bearer ${token}`)
            .set('Content-Type', 'application/json')
            .send(method === 'patch' ? '{"disabled":false,"name":"n"}' : '');
          expectCleanAnswer(res, `${method} ${path}`);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('still serves the fuzzing account afterwards', async () => {
    await t.http.get('/api/auth/me').set('Authorization', `Bearer ${user.token}`).expect(200);
  });
});
