import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ApiErrorBody, ApiErrorCode } from '@webrtc-call/signaling-contracts';
import type { Response } from 'express';
import { isDatabaseUnavailable } from './database-unavailable';
import { isRedisUnavailable } from './redis-unavailable';
import { RetryLaterException } from './retry-later.exception';

const CODE_BY_STATUS: Partial<Record<number, ApiErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: ApiErrorCode.ValidationFailed,
  [HttpStatus.UNAUTHORIZED]: ApiErrorCode.Unauthorized,
  [HttpStatus.FORBIDDEN]: ApiErrorCode.Forbidden,
  [HttpStatus.NOT_FOUND]: ApiErrorCode.NotFound,
  [HttpStatus.CONFLICT]: ApiErrorCode.Conflict,
  [HttpStatus.PAYLOAD_TOO_LARGE]: ApiErrorCode.PayloadTooLarge,
  [HttpStatus.TOO_MANY_REQUESTS]: ApiErrorCode.RateLimited,
  [HttpStatus.SERVICE_UNAVAILABLE]: ApiErrorCode.ServiceUnavailable,
};

export const INTERNAL_ERROR_BODY: ApiErrorBody = {
  statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
  code: ApiErrorCode.Internal,
  message: 'Internal server error',
};

/** Every REST error leaves as `{statusCode, code, message}` so clients can switch on a stable code. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (exception instanceof RetryLaterException)
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ApiErrorBody {
    if (exception instanceof HttpException) return apiErrorBody(exception);
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`database unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        code: ApiErrorCode.ServiceUnavailable,
        message: 'the database is not available: try again shortly',
      };
    }
    if (isRedisUnavailable(exception)) {
      this.logger.warn(`redis unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        code: ApiErrorCode.ServiceUnavailable,
        message: 'the shared state (Redis) is not available: try again shortly',
      };
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    return INTERNAL_ERROR_BODY;
  }
}

/** The body an HttpException answers with; also used where errors are answered before Nest routes them. */
export function apiErrorBody(exception: HttpException): ApiErrorBody {
  const statusCode = exception.getStatus();
  const payload = exception.getResponse();
  const fields = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  const code = typeof fields['code'] === 'string' ? (fields['code'] as ApiErrorCode) : CODE_BY_STATUS[statusCode];
  const message = fields['message'] ?? (typeof payload === 'string' ? payload : exception.message);
  return {
    statusCode,
    code: code ?? (statusCode >= 500 ? ApiErrorCode.Internal : ApiErrorCode.ValidationFailed),
    message: Array.isArray(message) ? message.map(String) : String(message),
  };
}
