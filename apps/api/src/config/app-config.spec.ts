import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from './app-config';

describe('AppConfig', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'webrtc-call-config-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('uses the documented defaults', () => {
    const dir = dataDir();
    const config = AppConfig.fromEnvironment({ DATA_DIR: dir });
    expect(config.port).toBe(3000);
    expect(config.databasePath).toBe(join(dir, 'webrtc-call.sqlite'));
  });

  it('generates a JWT secret once, stores it privately and reuses it', () => {
    const dir = dataDir();
    const first = AppConfig.fromEnvironment({ DATA_DIR: dir });
    const second = AppConfig.fromEnvironment({ DATA_DIR: dir });
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(48);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8').trim()).toBe(first.jwtSecret);
    expect(statSync(join(dir, 'jwt-secret')).mode & 0o077).toBe(0);
  });

  it('fails fast with a message naming the bad variable', () => {
    expect(() => AppConfig.fromEnvironment({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => AppConfig.fromEnvironment({ JWT_SECRET: 'short' })).toThrow(
      /JWT_SECRET must be at least 32 characters/,
    );
    expect(() => AppConfig.fromEnvironment({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 16/);
  });

  it('needs both halves of paired settings', () => {
    const dir = dataDir();
    expect(() => AppConfig.fromEnvironment({ DATA_DIR: dir, ADMIN_USERNAME: 'root' })).toThrow(
      /ADMIN_USERNAME and ADMIN_PASSWORD/,
    );
    expect(() => AppConfig.fromEnvironment({ DATA_DIR: dir, TLS_CERT: 'c.pem' })).toThrow(/TLS_CERT and TLS_KEY/);
    expect(() =>
      AppConfig.fromEnvironment({ DATA_DIR: dir, TLS_CERT: 'c.pem', TLS_KEY: 'k.pem', HTTPS: 'self-signed' }),
    ).toThrow(/exclude each other/);
    expect(() =>
      AppConfig.fromEnvironment({ DATA_DIR: dir, ADMIN_USERNAME: 'a b', ADMIN_PASSWORD: 'long enough' }),
    ).toThrow(/ADMIN_USERNAME must be/);
  });

  it('limits wrong room passwords to 5 per account and 20 per room in 15 minutes unless configured, and refuses nonsense limits', () => {
    const dir = dataDir();
    expect(AppConfig.fromEnvironment({ DATA_DIR: dir }).roomPasswordLimit).toEqual({
      maxAttempts: 5,
      roomMaxAttempts: 20,
      windowMs: 900000,
      minLength: 6,
    });
    expect(
      AppConfig.fromEnvironment({ DATA_DIR: dir, ROOM_PASSWORD_MAX_ATTEMPTS: '3', ROOM_PASSWORD_WINDOW_MS: '2000' })
        .roomPasswordLimit,
    ).toEqual({ maxAttempts: 3, roomMaxAttempts: 20, windowMs: 2000, minLength: 6 });
    expect(() => AppConfig.fromEnvironment({ DATA_DIR: dir, ROOM_PASSWORD_MAX_ATTEMPTS: '0' })).toThrow(
      /ROOM_PASSWORD_MAX_ATTEMPTS/,
    );
    expect(() => AppConfig.fromEnvironment({ DATA_DIR: dir, ROOM_PASSWORD_WINDOW_MS: '10' })).toThrow(
      /ROOM_PASSWORD_WINDOW_MS/,
    );
  });

  it('reads CORS origins, TLS mode and rate limits', () => {
    const dir = dataDir();
    expect(AppConfig.fromEnvironment({ DATA_DIR: dir }).corsOrigins).toBeNull();
    expect(
      AppConfig.fromEnvironment({ DATA_DIR: dir, CORS_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins,
    ).toEqual(['https://a.example', 'https://b.example']);
    expect(AppConfig.fromEnvironment({ DATA_DIR: dir, CORS_ORIGINS: '*' }).corsOrigins).toBe('*');
    expect(AppConfig.fromEnvironment({ DATA_DIR: dir, HTTPS: 'self-signed' }).tls).toEqual({ mode: 'self-signed' });
    expect(AppConfig.fromEnvironment({ DATA_DIR: dir, AUTH_RATE_LIMIT: '5' }).authRateLimit).toEqual({
      limit: 5,
      windowMs: 60000,
    });
  });

  it('needs every TURN secret of a rotation list to have at least 32 characters, and never prints one', () => {
    const dir = dataDir();
    const strong = 'a-turn-secret-of-thirty-two-chars';
    const turnSecrets = (TURN_SECRET: string) => AppConfig.fromEnvironment({ DATA_DIR: dir, TURN_SECRET }).turnSecrets;
    expect(turnSecrets(`${strong}, ${strong}-old`)).toEqual([strong, `${strong}-old`]);
    expect(() => turnSecrets('short-secret')).toThrow(/TURN_SECRET must be at least 32 characters.*secret 1 of 1/);
    expect(() => turnSecrets(`${strong},x`)).toThrow(/secret 2 of 2 is shorter/);
    expect(() => turnSecrets('s'.repeat(31))).toThrow(/TURN_SECRET/);
    const refusal = (() => {
      try {
        turnSecrets('leaked-if-printed');
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(refusal).toMatch(/TURN_SECRET/);
    expect(refusal).not.toContain('leaked-if-printed');
  });

  it('trusts a reverse proxy by hop count or by its addresses, never every hop', () => {
    const dir = dataDir();
    const trustProxy = (TRUST_PROXY: string) => AppConfig.fromEnvironment({ DATA_DIR: dir, TRUST_PROXY }).trustProxy;
    expect(AppConfig.fromEnvironment({ DATA_DIR: dir }).trustProxy).toBe(false);
    expect(trustProxy('false')).toBe(false);
    expect(trustProxy('1')).toBe(1);
    expect(trustProxy('loopback')).toEqual(['loopback']);
    expect(trustProxy('10.0.0.5, 10.1.0.0/16,fd00::/8, ::1')).toEqual(['10.0.0.5', '10.1.0.0/16', 'fd00::/8', '::1']);
    for (const value of ['true', 'TRUE', ' true ']) {
      expect(() => trustProxy(value)).toThrow(/TRUST_PROXY=true would trust every X-Forwarded-For hop.*forge/);
    }
    expect(() => trustProxy('proxy.example.org')).toThrow(/TRUST_PROXY must be .*not "proxy.example.org"/);
    expect(() => trustProxy('10.0.0.0/33')).toThrow(/not "10.0.0.0\/33"/);
    expect(() => trustProxy('1, 10.0.0.1')).toThrow(/not "1"/);
    expect(() => trustProxy('2001:db8::/129')).toThrow(/TRUST_PROXY must be/);
  });
});
