import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorFunction,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { ApiErrorCode } from '@webrtc-call/signaling-contracts';
import { Public } from '../../common/public.decorator';
import { RedisHealthIndicator } from './redis.health';

/**
 * For load balancers and orchestrators: `live` says the process answers, the root also checks the
 * database and, when instances share one, Redis.
 */
@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOkResponse({ description: 'Ready: the database (and Redis, when configured) answers' })
  @ApiServiceUnavailableResponse({ description: 'The database or Redis does not answer' })
  async check(): Promise<HealthCheckResult> {
    const checks: HealthIndicatorFunction[] = [() => this.db.pingCheck('database', { timeout: 2000 })];
    if (this.redis.configured) checks.push(() => this.redis.check());
    try {
      return await this.health.check(checks);
    } catch (error) {
      throw unavailable(error);
    }
  }

  @Get('live')
  @HealthCheck()
  @ApiOkResponse({ description: 'The process is up' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }
}

/** Terminus's failure body, reshaped into the API's error format with the failing checks named. */
function unavailable(error: unknown): unknown {
  if (!(error instanceof ServiceUnavailableException)) return error;
  const result = error.getResponse() as Partial<HealthCheckResult>;
  const failing = Object.keys(result.error ?? {});
  return new ServiceUnavailableException({
    code: ApiErrorCode.ServiceUnavailable,
    message: failing.length > 0 ? `down: ${failing.join(', ')}` : 'unhealthy',
  });
}
