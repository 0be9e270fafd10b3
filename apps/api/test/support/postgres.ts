import { DataSource } from 'typeorm';

/** Databases the PostgreSQL run of the suites creates; the global teardown drops what is left of them. */
export const E2E_DATABASE_PREFIX = 'webrtc_call_e2e_';

/** Runs `sql` on the PostgreSQL server the suites use. */
export async function onPostgresServer(serverUrl: string, sql: string): Promise<unknown> {
  const server = await new DataSource({ type: 'postgres', url: serverUrl }).initialize();
  try {
    return await server.query(sql);
  } finally {
    await server.destroy();
  }
}
