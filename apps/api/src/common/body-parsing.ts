import { BadRequestException, HttpException, Logger, PayloadTooLargeException } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ApiErrorCode } from '@webrtc-call/signaling-contracts';
import type { ErrorRequestHandler } from 'express';
import { apiErrorBody, INTERNAL_ERROR_BODY } from './api-exception.filter';
import { withoutSecrets } from './logging.module';

/** The largest JSON or form body accepted; the biggest legitimate one (a room with a password) is far smaller. */
export const BODY_LIMIT_BYTES = 100 * 1024;

/** What body-parser's errors (http-errors) carry. */
interface BodyParserError {
  type: string;
  status: number;
  message: string;
}

/**
 * Parses JSON and form bodies and answers what the parser refuses right there. Passed down the Express
 * chain, such an error would meet ServeStaticModule's error handler, which turns any error on a path it
 * excludes (all of /api) into a 404 "Cannot POST …", or, without the web client, Nest's handler, which
 * reports a 413 as a 500 with a stack trace. Create the app with `bodyParser: false` and call this after
 * the security headers, so refusals carry them too.
 */
export function useBodyParsers(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: BODY_LIMIT_BYTES, reviver: refuseNul });
  app.useBodyParser('urlencoded', { extended: true, limit: BODY_LIMIT_BYTES });
  app.use(answerBodyErrors);
}

const logger = new Logger('RequestBody');

/** No text the API stores may hold NUL (PostgreSQL refuses it): such a body fails to parse, as a 400. */
function refuseNul(_key: string, value: unknown): unknown {
  if (typeof value === 'string' && value.includes('\u0000')) throw new SyntaxError('NUL character in a string');
  return value;
}

const answerBodyErrors: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (!isBodyParserError(error)) return next(error);
  const where = `${req.method} ${withoutSecrets(req.originalUrl)}`;
  if (error.status >= 500) {
    logger.error(`Could not read the body of ${where}: ${error.message}`);
    res.status(INTERNAL_ERROR_BODY.statusCode).json(INTERNAL_ERROR_BODY);
    return;
  }
  const body = apiErrorBody(toHttpException(error));
  // A client's mistake, not the server's: one line at warn level, never a stack trace.
  logger.warn(`Refused the body of ${where}: ${body.code} (${error.type})`);
  res.status(body.statusCode).json(body);
};

function toHttpException(error: BodyParserError): HttpException {
  switch (error.type) {
    case 'entity.parse.failed':
      return new BadRequestException({ code: ApiErrorCode.InvalidJson, message: 'The request body is not valid JSON' });
    case 'entity.too.large':
    case 'parameters.too.many':
      return new PayloadTooLargeException({
        code: ApiErrorCode.PayloadTooLarge,
        message: `The request body is larger than ${BODY_LIMIT_BYTES / 1024} KB`,
      });
    default:
      // Unsupported charset or encoding, aborted or truncated upload: body-parser's message is safe to show.
      return new HttpException(error.message, error.status);
  }
}

function isBodyParserError(error: unknown): error is BodyParserError {
  if (typeof error !== 'object' || error === null) return false;
  const fields = error as Record<string, unknown>;
  return typeof fields['type'] === 'string' && typeof fields['status'] === 'number' && error instanceof Error;
}
