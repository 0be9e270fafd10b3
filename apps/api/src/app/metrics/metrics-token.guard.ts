import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { ApiErrorCode } from '@webrtc-call/signaling-contracts';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../../config/app-config';

/** With METRICS_TOKEN set, a scrape must present it as a bearer token; without, metrics are open. */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(config: AppConfig) {
    this.expected = config.metricsToken === null ? null : digest(config.metricsToken);
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) return true;
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    // Digests have one length whatever was sent, so the comparison takes the same time for any guess.
    if (scheme === 'Bearer' && token && timingSafeEqual(digest(token), this.expected)) return true;
    throw new UnauthorizedException({
      code: ApiErrorCode.Unauthorized,
      message: 'Metrics need the token configured in METRICS_TOKEN (Authorization: Bearer <token>)',
    });
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
