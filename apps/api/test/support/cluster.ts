import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { E2E_DATABASE_PREFIX, onPostgresServer } from './postgres';
import { startTestApp, TestApp } from './test-app';

/** The Redis the scale-out suites share; each run works under its own key prefix. */
export const REDIS_URL = process.env['E2E_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
/** Where the scale-out suites create the database their instances share. */
const POSTGRES_SERVER = process.env['E2E_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A key prefix no other run uses, so runs never see each other's seats. */
export function uniquePrefix(): string {
  return `e2e-${randomBytes(6).toString('hex')}:`;
}

/** A fresh PostgreSQL database for instances to share; dropped by `drop` (and by the global teardown). */
export async function throwawayDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${E2E_DATABASE_PREFIX}cluster_${randomBytes(6).toString('hex')}`;
  await onPostgresServer(POSTGRES_SERVER, `CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_SERVER);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await onPostgresServer(POSTGRES_SERVER, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** Deletes every key under `prefix` (the instances' liveness keys expire by themselves, the rest may not). */
export async function clearPrefix(prefix: string, url = REDIS_URL): Promise<void> {
  const client = createClient({ url });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      if (keys.length > 0) await client.del(keys);
    }
  } finally {
    await client.close();
  }
}

/** Polls `check` until it holds or `timeoutMs` passes. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number, stepMs = 200): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

/**
 * Two test apps sharing a throwaway PostgreSQL database and Redis under a prefix of their own, started
 * before the suite and stopped (database dropped, keys deleted) after it.
 */
export function useTwoInstances(env: Record<string, string> = {}): {
  readonly one: TestApp;
  readonly two: TestApp;
  readonly prefix: string;
} {
  const prefix = uniquePrefix();
  const apps: TestApp[] = [];
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const database = await throwawayDatabase();
    drop = database.drop;
    const shared = { DATABASE_URL: database.url, REDIS_URL, REDIS_PREFIX: prefix, ...env };
    apps.push(await startTestApp(shared));
    apps.push(await startTestApp(shared));
  }, 60000);
  afterAll(async () => {
    for (const app of apps) await app.close();
    await drop?.();
    await clearPrefix(prefix);
  });
  return {
    get one() {
      return apps[0];
    },
    get two() {
      return apps[1];
    },
    prefix,
  };
}
