import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signUp, startTestApp, TestApp } from './support/test-app';

type LogEntry = Record<string, unknown>;
const ERROR_LEVEL = 50;

// Both set-ups matter: the static web client's error handler used to turn these into 404s, and without it
// a 413 became a 500 logged with its stack trace.
describe.each([
  ['without the web client', false],
  ['with the web client served beside the API', true],
])('request bodies the parser refuses, %s (e2e)', (_name, withWebClient) => {
  let t: TestApp;
  let token: string;
  let webDir: string | undefined;
  beforeAll(async () => {
    if (withWebClient) {
      // A one-file client, as a built installation serves it.
      webDir = mkdtempSync(join(tmpdir(), 'webrtc-call-web-'));
      writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Call</title>');
    }
    t = await startTestApp({ LOG_LEVEL: 'log', ...(webDir ? { WEB_DIST: webDir } : {}) });
    if (webDir) await t.http.get('/rooms').expect(200, /<title>Call<\/title>/);
    ({ token } = await signUp(t));
  });
  afterAll(async () => {
    await t.close();
    if (webDir) rmSync(webDir, { recursive: true, force: true });
  });

  const entries = (): LogEntry[] => t.logs.lines.map((line) => JSON.parse(line) as LogEntry);

  it('answers malformed JSON with 400 invalid-json', async () => {
    const res = await t.http
      .post('/api/rooms')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send('{"name":')
      .expect(400);
    expect(res.body).toEqual({ statusCode: 400, code: 'invalid-json', message: 'The request body is not valid JSON' });
  });

  it('answers a body over 100 KB with 413 payload-too-large', async () => {
    const res = await t.http
      .post('/api/rooms')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'x'.repeat(101 * 1024) })
      .expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'payload-too-large' });
  });

  it('answers a charset it cannot decode with 415', async () => {
    const res = await t.http
      .post('/api/rooms')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json; charset=latin1')
      .send('{"name":"Room"}')
      .expect(415);
    expect(res.body).toMatchObject({ statusCode: 415, code: 'validation-failed' });
  });

  it('logs each refusal once at warn level, without a stack trace or an error-level entry', () => {
    const refusals = t.logs.matching('Refused the body of POST /api/rooms');
    expect(refusals.map((e) => [e['level'], e['msg']])).toEqual([
      [40, expect.stringContaining('invalid-json')],
      [40, expect.stringContaining('payload-too-large')],
      [40, expect.stringContaining('charset.unsupported')],
    ]);
    expect(entries().filter((e) => Number(e['level']) >= ERROR_LEVEL)).toEqual([]);
    expect(t.logs.text).not.toMatch(/"stack"|\\n\s+at /);
  });
});

describe('METRICS_TOKEN (e2e)', () => {
  const token = 'scrape-token-for-prometheus';
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN: token });
  });
  afterAll(() => t.close());

  it('answers /metrics only to the configured bearer token', async () => {
    const res = await t.http.get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.text).toContain('# TYPE http_requests_total counter');
  });

  it.each([
    ['no Authorization header', undefined],
    ['a wrong token', `Bearer ${token}x`],
    ['a prefix of the token', `Bearer ${token.slice(0, -1)}`],
    ['the token without the Bearer scheme', token],
    ['an account token', 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x'],
  ])('refuses %s with a 401 JSON error', async (_case, authorization) => {
    const request = t.http.get('/metrics');
    const res = await (authorization ? request.set('Authorization', authorization) : request).expect(401);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ statusCode: 401, code: 'unauthorized' });
    expect(res.text).not.toContain('http_requests_total');
  });
});

describe('security headers (e2e)', () => {
  let t: TestApp;
  let webDir: string;
  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'webrtc-call-web-'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Call</title>');
    t = await startTestApp({ WEB_DIST: webDir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  const directives = (csp: string) =>
    Object.fromEntries(
      csp.split(';').map((directive) => {
        const [name, ...values] = directive.trim().split(/\s+/);
        return [name, values.join(' ')];
      }),
    );

  it.each([
    ['the web client', (t: TestApp) => t.http.get('/rooms'), 200],
    ['an API answer', (t: TestApp) => t.http.get('/api/health/live'), 200],
    ['an API error', (t: TestApp) => t.http.get('/api/rooms'), 401],
    ['a refused body', (t: TestApp) => t.http.post('/api/auth/login').type('json').send('{'), 400],
  ])('sends the security headers with %s', async (_what, send, status) => {
    const res = await send(t).expect(status);
    expect(directives(String(res.headers['content-security-policy']))).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self'",
      // Same origin only: 'self' covers the signaling socket's ws:/wss: on this host.
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'self'",
      'frame-ancestors': "'none'",
    });
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
