import { E2E_DATABASE_PREFIX, onPostgresServer } from './postgres';

/** After a PostgreSQL run, drops what suites that restart on the same data folder left behind. */
export default async function dropE2eDatabases(): Promise<void> {
  const server = process.env['E2E_POSTGRES_URL'];
  if (!server) return;
  const rows = (await onPostgresServer(
    server,
    `SELECT datname FROM pg_database WHERE datname LIKE '${E2E_DATABASE_PREFIX}%'`,
  )) as Array<{ datname: string }>;
  for (const { datname } of rows) await onPostgresServer(server, `DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
}
