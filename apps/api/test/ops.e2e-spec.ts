import { DataSource } from 'typeorm';
import { signUp, startTestApp, TestApp } from './support/test-app';
import { WsClient } from './support/ws-client';

describe('API documentation (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('publishes an OpenAPI document listing every REST route, TURN credentials included', async () => {
    const res = await t.http.get('/api/docs/openapi.json').expect(200);
    const routes = Object.entries(res.body.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'POST /api/auth/register',
        'POST /api/invites/redeem',
        'POST /api/auth/login',
        'GET /api/auth/me',
        'PATCH /api/auth/me',
        'POST /api/auth/password',
        'POST /api/auth/logout-all',
        'GET /api/rooms',
        'POST /api/rooms',
        'POST /api/rooms/{id}/invites',
        'GET /api/rooms/{id}',
        'PATCH /api/rooms/{id}',
        'DELETE /api/rooms/{id}',
        'DELETE /api/rooms/{id}/participants/{peerId}',
        'GET /api/rooms/{id}/bans',
        'GET /api/rooms/{id}/invites',
        'GET /api/rooms/{id}/participants',
        'GET /api/rooms/{id}/moderators',
        'PUT /api/rooms/{id}/moderators/{userId}',
        'DELETE /api/rooms/{id}/moderators/{userId}',
        'DELETE /api/rooms/{id}/bans/{userId}',
        'DELETE /api/rooms/{id}/invites/{inviteId}',
        'GET /api/turn/credentials',
        'POST /api/signaling/ticket',
        'GET /api/admin/users',
        'PATCH /api/admin/users/{id}',
        'DELETE /api/admin/users/{id}',
        'GET /api/admin/rooms',
        'DELETE /api/admin/rooms/{id}',
        'DELETE /api/admin/rooms/{id}/participants/{peerId}',
        'GET /api/admin/stats',
        'GET /api/admin/calls',
        'GET /api/admin/calls/{id}',
        'GET /api/admin/quality',
        'GET /api/health',
        'GET /api/health/live',
        'GET /metrics',
      ].sort(),
    );
    const turn = res.body.paths['/api/turn/credentials'].get;
    expect(turn.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/TurnCredentialsDto',
    );
    expect(res.body.components.schemas.CreateRoomDto.properties).toHaveProperty('password');
  });

  it('serves the interactive documentation at /api/docs', async () => {
    const res = await t.http.get('/api/docs').redirects(1).expect(200);
    expect(res.text).toContain('swagger-ui');
  });
});

describe('metrics and health (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SIGNALING_RESUME_WINDOW_MS: '0' });
  });
  afterAll(() => t.close());

  it('serves Prometheus text at /metrics, outside /api, with requests counted by route pattern', async () => {
    const { token } = await signUp(t);
    await t.http.get('/api/rooms/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${token}`);
    const client = await WsClient.connect(t.wsUrl, token);
    try {
      // The socket counts once its token has been checked; a keepalive answer proves that happened.
      client.send('keepalive', {});
      await client.next('keepalive');
      const res = await t.http.get('/metrics').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
      expect(res.text).toContain('# TYPE http_requests_total counter');
      expect(res.text).toContain('http_requests_total{method="GET",route="/api/rooms/:id",status="404"} 1');
      expect(res.text).toContain('http_requests_total{method="POST",route="/api/auth/login",status="200"} 1');
      expect(res.text).toMatch(/^signaling_sockets 1$/m);
      expect(res.text).toMatch(/^signaling_rooms 0$/m);
      expect(res.text).toContain('# TYPE signaling_messages_relayed_total counter');
      expect(res.text).toContain('process_cpu_seconds_total');
    } finally {
      client.close();
    }
    await t.http.get('/api/metrics').expect(404);
  });

  it('reports health: process liveness and a database ping', async () => {
    const live = await t.http.get('/api/health/live').expect(200);
    expect(live.body.status).toBe('ok');
    const ready = await t.http.get('/api/health').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });
});

describe('health with the database gone (e2e)', () => {
  it('answers 503 service-unavailable naming the database', async () => {
    const t = await startTestApp();
    try {
      await t.app.get(DataSource).destroy();
      const res = await t.http.get('/api/health').expect(503);
      expect(res.body).toEqual({ statusCode: 503, code: 'service-unavailable', message: 'down: database' });
      await t.http.get('/api/health/live').expect(200);
    } finally {
      await t.close();
    }
  });
});

describe('security headers and CORS (e2e)', () => {
  it('sends a CSP that allows the signaling socket and media blobs, without forcing HTTPS on plain HTTP', async () => {
    const t = await startTestApp();
    try {
      const res = await t.http.get('/api/health').expect(200);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toMatch(/connect-src 'self'(;|$)/);
      expect(csp).toContain("media-src 'self' blob:");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      const preflight = await t.http
        .options('/api/rooms')
        .set('Origin', 'https://elsewhere.example')
        .set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('allows exactly the origins in CORS_ORIGINS', async () => {
    const t = await startTestApp({ CORS_ORIGINS: 'https://app.example, https://other.example' });
    try {
      const allowed = await t.http
        .options('/api/rooms')
        .set('Origin', 'https://app.example')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type')
        .expect(204);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example');
      expect(allowed.headers['access-control-allow-headers']).toMatch(/Authorization/);
      const refused = await t.http.get('/api/health').set('Origin', 'https://evil.example');
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});

describe('request logs (e2e)', () => {
  it('logs JSON with a request id, without tokens, Authorization headers or passwords', async () => {
    const t = await startTestApp({ LOG_LEVEL: 'log' });
    try {
      const { token } = await signUp(t);
      const res = await t.http
        .get(`/api/rooms/nope?token=${token}`)
        .set('Authorization', `Bearer ${token}`)
        .set('X-Request-Id', 'trace-me-42')
        .expect(404);
      expect(res.headers['x-request-id']).toBe('trace-me-42');
      const generated = await t.http.get('/api/health');
      expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

      const entry = t.logs.lines.map((line) => JSON.parse(line)).find((e) => e.req?.id === 'trace-me-42');
      expect(entry).toMatchObject({ res: { statusCode: 404 }, req: { url: '/api/rooms/nope?token=[redacted]' } });
      expect(t.logs.text).not.toContain(token);
      expect(t.logs.text).not.toContain('correct horse battery');
    } finally {
      await t.close();
    }
  });
});

describe('graceful shutdown (e2e)', () => {
  it('closes WebSocket clients with 1012 and lets an in-flight request finish', async () => {
    const t = await startTestApp({ SIGNALING_RESUME_WINDOW_MS: '0' });
    const { token, username } = await signUp(t);
    const client = await WsClient.connect(t.wsUrl, token);
    // Password hashing keeps a login busy long enough to still be running when shutdown starts.
    const login = t.http
      .post('/api/auth/login')
      .send({ username, password: 'correct horse battery' })
      .then((r) => r);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await t.close();
    expect((await client.closed).code).toBe(1012);
    expect((await login).status).toBe(200);
  });
});
