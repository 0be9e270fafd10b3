import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startTestApp } from './support/test-app';

describe('HTTPS with a self-signed certificate (e2e)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'webrtc-call-tls-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves the API and the signaling socket over TLS, and reuses the certificate on restart', async () => {
    const env = { HTTPS: 'self-signed', LOG_LEVEL: 'log', SIGNALING_RESUME_WINDOW_MS: '0' };
    const first = await startTestApp(env, { dataDir });
    let fingerprint: string;
    try {
      expect(first.baseUrl).toMatch(/^https:/);
      const health = await first.http.get('/api/health').disableTLSCerts().expect(200);
      expect(health.body.status).toBe('ok');

      const certPath = join(dataDir, 'tls', 'self-signed.crt');
      const cert = new X509Certificate(readFileSync(certPath));
      fingerprint = cert.fingerprint256;
      expect(cert.subjectAltName).toContain('DNS:localhost');
      expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
      expect(statSync(join(dataDir, 'tls', 'self-signed.key')).mode & 0o077).toBe(0);
      expect(first.logs.matching('Generated a self-signed certificate')).toHaveLength(1);
      expect(first.logs.matching(`${certPath} (SHA-256 fingerprint ${fingerprint})`)).toHaveLength(1);

      const { token } = await signUpOverTls(first);
      const socket = new WebSocket(`${first.wsUrl}?token=${encodeURIComponent(token)}`, { rejectUnauthorized: false });
      const opened = await new Promise<boolean>((resolve, reject) => {
        socket.once('open', () => resolve(true));
        socket.once('error', reject);
      });
      expect(opened).toBe(true);
      socket.send(JSON.stringify({ event: 'keepalive', data: {} }));
      const reply = await new Promise<string>((resolve) => socket.once('message', (data) => resolve(data.toString())));
      expect(JSON.parse(reply).event).not.toBe('error');
      socket.close();
      await expect(first.http.get('/api/health')).rejects.toThrow(/self-signed|certificate/i);
    } finally {
      await first.close();
    }

    const second = await startTestApp(env, { dataDir });
    try {
      expect(second.logs.matching('Generated a self-signed certificate')).toHaveLength(0);
      expect(second.logs.matching(`SHA-256 fingerprint ${fingerprint}`)).toHaveLength(1);
      await second.http.get('/api/health/live').disableTLSCerts().expect(200);
    } finally {
      await second.close();
    }
  });
});

/** signUp() through supertest with certificate checks off. */
async function signUpOverTls(t: Awaited<ReturnType<typeof startTestApp>>): Promise<{ token: string }> {
  const username = `tls${Date.now().toString(36)}`;
  const password = 'correct horse battery';
  await t.http.post('/api/auth/register').disableTLSCerts().send({ username, password }).expect(201);
  const res = await t.http.post('/api/auth/login').disableTLSCerts().send({ username, password }).expect(200);
  return { token: res.body.accessToken };
}
