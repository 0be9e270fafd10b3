import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

/**
 * Databases this run of the suites creates (named by the global setup); the global teardown drops what
 * is left of them, and of no other run's.
 */
export const E2E_DATABASE_PREFIX = `webrtc_call_e2e_${process.env['E2E_RUN_ID'] ?? randomBytes(4).toString('hex')}_`;

/** Runs `sql` on the PostgreSQL server the suites use. */
export async function onPostgresServer(serverUrl: string, sql: string): Promise<unknown> {
  const server = await new DataSource({ type: 'postgres', url: serverUrl }).initialize();
  try {
    return await server.query(sql);
  } finally {
    await server.destroy();
  }
}
