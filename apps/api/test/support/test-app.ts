import type { INestApplication } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { __resetOutOfContextForTests } from 'nestjs-pino/PinoLogger';
import request from 'supertest';
import { createApp } from '../../src/bootstrap';
import { AppConfig } from '../../src/config/app-config';
import { E2E_DATABASE_PREFIX, onPostgresServer } from './postgres';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  /** `http://127.0.0.1:<port>` or `https://…` */
  baseUrl: string;
  wsUrl: string;
  dataDir: string;
  /** Every JSON log line written so far. */
  logs: LogCapture;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Reuse a data folder (to restart on the same database); it is then left in place on close. */
  dataDir?: string;
}

/** Where the PostgreSQL run of the suites (`nx e2e-postgres api`) creates its databases; unset for SQLite. */
const POSTGRES_SERVER = process.env['E2E_POSTGRES_URL'];

/** A database per data folder, so a restart on the same folder finds the same data. */
async function postgresFor(dataDir: string, serverUrl: string): Promise<{ url: string; name: string }> {
  const name = E2E_DATABASE_PREFIX + createHash('sha1').update(dataDir).digest('hex').slice(0, 16);
  const exists = (await onPostgresServer(
    serverUrl,
    `SELECT 1 FROM pg_database WHERE datname = '${name}'`,
  )) as unknown[];
  if (exists.length === 0) await onPostgresServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name };
}

/**
 * The real application on a random port with a fresh database: a SQLite file, or PostgreSQL when
 * E2E_POSTGRES_URL is set. `env` overrides the test defaults; a variable set to undefined stays unset.
 */
export async function startTestApp(
  env: Record<string, string | undefined> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'webrtc-call-e2e-'));
  const postgres = POSTGRES_SERVER && !env['DATABASE_URL'] ? await postgresFor(dataDir, POSTGRES_SERVER) : null;
  const config = AppConfig.fromEnvironment({
    ...(postgres ? { DATABASE_URL: postgres.url } : {}),
    DATA_DIR: dataDir,
    JWT_SECRET: 'e2e-secret-that-is-long-enough-for-hs256!',
    LOG_LEVEL: 'error',
    WEB_DIST: join(dataDir, 'no-web-client'),
    // Suites sign up many users from one address; the rate-limit tests set their own small limit.
    AUTH_RATE_LIMIT: '100000',
    ...env,
  });
  const logs = new LogCapture();
  // nestjs-pino keeps its logger for messages outside a request in a module variable, set by the first
  // application in the process; without this reset, later test apps would write into the first one's log.
  __resetOutOfContextForTests();
  const app = await createApp(config, { logStream: logs });
  try {
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    // A start refused during bootstrap (as main.ts would exit): release the database before reporting it.
    await app.close().catch(() => undefined);
    throw error;
  }
  const server = app.getHttpServer();
  const { port } = server.address() as AddressInfo;
  const secure = server instanceof HttpsServer;
  const baseUrl = `${secure ? 'https' : 'http'}://127.0.0.1:${port}`;
  return {
    app,
    http: request(baseUrl),
    baseUrl,
    wsUrl: `${secure ? 'wss' : 'ws'}://127.0.0.1:${port}/ws`,
    dataDir,
    logs,
    close: async () => {
      await app.close();
      if (options.dataDir) return;
      rmSync(dataDir, { recursive: true, force: true });
      if (postgres && POSTGRES_SERVER) {
        await onPostgresServer(POSTGRES_SERVER, `DROP DATABASE IF EXISTS ${postgres.name} WITH (FORCE)`);
      }
    },
  };
}

/** Collects the application's JSON log lines in memory. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(
      ...chunk
        .toString()
        .split('\n')
        .filter((line) => line.length > 0),
    );
    done();
  }

  get text(): string {
    return this.lines.join('\n');
  }

  /** Parsed entries whose message contains `fragment`. */
  matching(fragment: string): Array<Record<string, unknown>> {
    return this.lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => String(entry['msg'] ?? '').includes(fragment));
  }
}

let counter = 0;

/** Registers a fresh user and returns its token. */
export async function signUp(
  testApp: TestApp,
  displayName = 'Tester',
): Promise<{ token: string; userId: string; username: string }> {
  const username = `user${Date.now().toString(36)}${counter++}`;
  const password = 'correct horse battery';
  await testApp.http.post('/api/auth/register').send({ username, password, displayName }).expect(201);
  const res = await testApp.http.post('/api/auth/login').send({ username, password }).expect(200);
  return { token: res.body.accessToken, userId: res.body.user.id, username };
}

export async function createRoom(testApp: TestApp, token: string, body: object = { name: 'Room' }): Promise<string> {
  const res = await testApp.http.post('/api/rooms').set('Authorization', `Bearer ${token}`).send(body).expect(201);
  return res.body.id;
}

/** Logs in the administrator created from ADMIN_USERNAME/ADMIN_PASSWORD and returns its token. */
export async function logIn(testApp: TestApp, username: string, password: string): Promise<string> {
  const res = await testApp.http.post('/api/auth/login').send({ username, password }).expect(200);
  return res.body.accessToken;
}
