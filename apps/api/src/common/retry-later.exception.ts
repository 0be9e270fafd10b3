import { HttpException, HttpStatus } from '@nestjs/common';
import type { ApiErrorCode } from '@webrtc-call/signaling-contracts';

/** A refusal that will pass: 429 or 503 with a `Retry-After` header (set by `ApiExceptionFilter`). */
export class RetryLaterException extends HttpException {
  readonly retryAfterSeconds: number;

  constructor(
    status: HttpStatus.TOO_MANY_REQUESTS | HttpStatus.SERVICE_UNAVAILABLE,
    code: ApiErrorCode,
    message: string,
    waitMs: number,
  ) {
    super({ code, message }, status);
    this.retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  }
}
