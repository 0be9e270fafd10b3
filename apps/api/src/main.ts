import { Logger } from '@nestjs/common';
import 'reflect-metadata';
import { createApp } from './bootstrap';
import { AppConfig } from './config/app-config';

async function main(): Promise<void> {
  const config = AppConfig.fromEnvironment(process.env);
  const app = await createApp(config);
  await app.listen(config.port);
  const scheme = config.tls.mode === 'off' ? 'http' : 'https';
  Logger.log(`Listening on ${scheme}://localhost:${config.port} (database ${describeDatabase(config)})`, 'Main');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

/** Where the data lives, without the credentials a database URL may carry. */
function describeDatabase(config: AppConfig): string {
  if (!config.databaseUrl) return config.databasePath;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL ${url.host}${url.pathname}`;
}
