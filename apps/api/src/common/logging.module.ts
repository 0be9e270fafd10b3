import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import { LoggerModule } from 'nestjs-pino';
import type { Level } from 'pino';
import type { AppConfig } from '../config/app-config';

const PINO_LEVEL: Record<AppConfig['logLevel'], Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** Secrets and bulky session descriptions never reach the log, whatever object they appear in. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["sec-websocket-protocol"]',
  'res.headers["set-cookie"]',
  ...[
    'password',
    'currentPassword',
    'newPassword',
    'token',
    'accessToken',
    'resumeToken',
    'sdp',
    'credential',
    'secret',
  ].flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/** Structured JSON logs with a request id per HTTP request (taken from X-Request-Id when sane). */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig, stream?: Writable): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: [
            {
              level: PINO_LEVEL[config.logLevel],
              redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
              genReqId: requestId,
              customLogLevel: (_req, res, error) =>
                error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
              autoLogging: { ignore: (req) => req.url === '/metrics' || (req.url ?? '').startsWith('/api/health') },
              serializers: {
                req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
                  id: req.id,
                  method: req.method,
                  url: withoutSecrets(req.url),
                  remoteAddress: req.remoteAddress,
                }),
              },
            },
            stream ?? process.stdout,
          ],
        }),
      ],
    };
  }
}

function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** `?token=` carries access tokens for WebSocket URLs; never write one to a log. */
export function withoutSecrets(url: string): string {
  return url.replace(/([?&](?:token|access_token|password)=)[^&#]*/gi, '$1[redacted]');
}
