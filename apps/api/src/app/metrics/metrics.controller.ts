import { Controller, Get, Header, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrorDto } from '../../common/api-error.dto';
import { Public } from '../../common/public.decorator';
import { MetricsTokenGuard } from './metrics-token.guard';
import { MetricsService } from './metrics.service';

/** Served at /metrics, outside the /api prefix, where Prometheus looks by default. */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  /** Outside the account system: Prometheus has no user, only METRICS_TOKEN when one is configured. */
  @Public()
  @UseGuards(MetricsTokenGuard)
  @Get()
  @ApiBearerAuth()
  @ApiUnauthorizedResponse({ type: ApiErrorDto, description: 'unauthorized: METRICS_TOKEN is set and was not given' })
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format' })
  async scrape(@Res() res: Response): Promise<void> {
    res.type(this.metrics.contentType).send(await this.metrics.render());
  }
}
