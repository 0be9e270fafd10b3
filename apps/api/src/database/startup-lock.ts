import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';

/** Any fixed number: instances of this product agree on it, other applications on the server will not use it. */
const STARTUP_LOCK_KEY = 774_201_001;

/**
 * On PostgreSQL, one instance at a time goes through start-up (migrations, the first administrator):
 * instances started together would otherwise race to create the same tables and rows. A session-level
 * advisory lock on a connection of its own; PostgreSQL drops it if the process dies. Nothing on SQLite,
 * whose file belongs to one process.
 */
export async function acquireStartupLock(config: AppConfig): Promise<() => Promise<void>> {
  if (!config.databaseUrl) return async () => undefined;
  const connection = await new DataSource({ type: 'postgres', url: config.databaseUrl, poolSize: 1 }).initialize();
  try {
    await connection.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
  } catch (error) {
    await connection.destroy();
    throw error;
  }
  return async () => {
    try {
      await connection.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]);
    } finally {
      await connection.destroy();
    }
  };
}
