import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../src/config/app-config';
import { startTestApp } from './support/test-app';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('DATA_DIR permissions (e2e)', () => {
  let parent: string;
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'webrtc-call-data-'));
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('creates DATA_DIR 0700 and every secret in it 0600: database and its write-ahead log, JWT secret, admin password, TLS files', async () => {
    const dataDir = join(parent, 'data');
    // No JWT_SECRET, so one is generated; HTTPS=self-signed generates the TLS key and certificate.
    const t = await startTestApp({ JWT_SECRET: undefined, HTTPS: 'self-signed', LOG_LEVEL: 'warn' }, { dataDir });
    try {
      const files = ['jwt-secret', 'admin-password', join('tls', 'self-signed.key'), join('tls', 'self-signed.crt')];
      if (!t.app.get(AppConfig).databaseUrl) {
        files.push('webrtc-call.sqlite', 'webrtc-call.sqlite-wal', 'webrtc-call.sqlite-shm');
      }
      expect([mode(dataDir), mode(join(dataDir, 'tls'))]).toEqual(['700', '700']);
      expect(Object.fromEntries(files.map((file) => [file, mode(join(dataDir, file))]))).toEqual(
        Object.fromEntries(files.map((file) => [file, '600'])),
      );
      expect(t.logs.matching('open to other users')).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('starts with a DATA_DIR or secret that others can read, and warns about each', async () => {
    const dataDir = join(parent, 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'jwt-secret'), 'a-jwt-secret-an-operator-copied-in-with-cp\n', { mode: 0o644 });
    chmodSync(join(dataDir, 'jwt-secret'), 0o644);
    const t = await startTestApp({ JWT_SECRET: undefined, LOG_LEVEL: 'warn' }, { dataDir });
    try {
      await t.http.get('/api/health/live').expect(200);
      const warnings = t.logs.matching('open to other users').map((entry) => [entry['level'], entry['msg']]);
      expect(warnings).toEqual([
        [40, `${dataDir} is open to other users of this machine (mode 755); it holds secrets: chmod 700 ${dataDir}`],
        [40, expect.stringMatching(/jwt-secret is open to other users .*\(mode 644\).*chmod 600 .*jwt-secret$/)],
      ]);
      expect(mode(dataDir)).toBe('755');
    } finally {
      await t.close();
    }
  });
});
