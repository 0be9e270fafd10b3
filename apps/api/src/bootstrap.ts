import { ConsoleLogger, INestApplication, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { Writable } from 'node:stream';
import { AppModule } from './app/app.module';
import { MetricsService } from './app/metrics/metrics.service';
import { useBodyParsers } from './common/body-parsing';
import { GracefulShutdownService } from './common/graceful-shutdown.service';
import { GracefulWsAdapter } from './common/graceful-ws.adapter';
import { setUpOpenApi } from './common/openapi';
import { applySecurityHeaders } from './common/security';
import type { AppConfig } from './config/app-config';
import { ensurePrivateDir, exposedPaths, privatePaths } from './config/private-files';
import { loadTls } from './config/tls';
import { acquireStartupLock } from './database/startup-lock';

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export interface CreateAppOptions {
  /** Where JSON logs go instead of stdout (the tests read them). */
  logStream?: Writable;
}

/**
 * Builds and initializes the whole application; used by main.ts and by the e2e tests, so both run the
 * same thing. Instances sharing a PostgreSQL database take turns (see `acquireStartupLock`).
 */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<INestApplication> {
  const release = await acquireStartupLock(config);
  try {
    return await buildApp(config, options);
  } finally {
    await release();
  }
}

async function buildApp(config: AppConfig, options: CreateAppOptions): Promise<INestApplication> {
  // Until the JSON logger takes over, messages still respect LOG_LEVEL; a fresh console logger also
  // detaches any logger left over from an earlier application in the same process.
  Logger.overrideLogger(new ConsoleLogger({ logLevels: LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.logLevel) + 1) }));
  ensurePrivateDir(config.dataDir);
  const tls = await loadTls(config);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, options.logStream), {
    bufferLogs: true,
    bodyParser: false,
    httpsOptions: tls ? { key: tls.key, cert: tls.cert } : undefined,
  });
  // Also routes static `new Logger(context)` instances to the JSON log.
  app.useLogger(app.get(PinoLogger));
  warnAboutExposedFiles(config);
  if (config.trustProxy !== false) app.getHttpAdapter().getInstance().set('trust proxy', config.trustProxy);

  app.use(app.get(MetricsService).httpMiddleware());
  applySecurityHeaders(app, config);
  useBodyParsers(app);
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  setUpOpenApi(app);

  const wsAdapter = new GracefulWsAdapter(app);
  app.useWebSocketAdapter(wsAdapter);
  app.get(GracefulShutdownService).onShutdown((timeoutMs) => wsAdapter.closeClients('server shutting down', timeoutMs));
  app.enableShutdownHooks();

  if (tls) {
    const log = new Logger('Tls');
    if (tls.generatedFor) log.log(`Generated a self-signed certificate for ${tls.generatedFor.join(', ')}`);
    log.log(`Serving HTTPS and WSS with ${tls.certPath} (SHA-256 fingerprint ${tls.fingerprint})`);
  }
  try {
    await app.init();
  } catch (error) {
    // A start refused during initialization: release the database and Redis before reporting it.
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}

/** What the server creates is private; what an operator created or copied may not be, so say so. */
function warnAboutExposedFiles(config: AppConfig): void {
  const log = new Logger('DataDir');
  for (const { path, mode, directory } of exposedPaths(privatePaths(config))) {
    const wanted = directory ? '700' : '600';
    log.warn(
      `${path} is open to other users of this machine (mode ${mode.toString(8).padStart(3, '0')}); ` +
        `it holds secrets: chmod ${wanted} ${path}`,
    );
  }
}
