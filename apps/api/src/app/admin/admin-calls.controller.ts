import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { CallDetailView, CallSummaryView, Page, QualityReport } from '@webrtc-call/signaling-contracts';
import { ApiErrorDto } from '../../common/api-error.dto';
import { Roles } from '../../common/roles.decorator';
import { CallRecordsService, QUALITY_DEFAULT_DAYS, QUALITY_MAX_DAYS } from '../calls/call-records.service';
import { AdminCallsQueryDto, TimeRangeQueryDto } from './dto/call-query.dto';
import { CallDetailViewDto, CallPageDto, QualityReportDto } from './dto/call-record.dto';

const date = (value?: string) => (value === undefined ? undefined : new Date(value));

@ApiTags('admin')
@ApiBearerAuth()
@ApiForbiddenResponse({ type: ApiErrorDto, description: 'forbidden: not an administrator' })
@Roles('admin')
@Controller('admin')
export class AdminCallsController {
  constructor(private readonly records: CallRecordsService) {}

  @Get('calls')
  @ApiOkResponse({ type: CallPageDto, description: 'Calls that started in the range, newest first' })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'validation-failed' })
  list(@Query() query: AdminCallsQueryDto): Promise<Page<CallSummaryView>> {
    const { roomId, userId, from, to, page, limit } = query;
    return this.records.list({ roomId, userId, from: date(from), to: date(to) }, page, limit);
  }

  @Get('calls/:id')
  @ApiOkResponse({ type: CallDetailViewDto, description: 'The call with its participants and legs' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'call-not-found' })
  detail(@Param('id') id: string): Promise<CallDetailView> {
    return this.records.detail(id);
  }

  @Get('quality')
  @ApiOkResponse({
    type: QualityReportDto,
    description: `Legs that started in the range (the last ${QUALITY_DEFAULT_DAYS} days by default), in total and per UTC day`,
  })
  @ApiBadRequestResponse({
    type: ApiErrorDto,
    description: `validation-failed (including a range longer than ${QUALITY_MAX_DAYS} days)`,
  })
  quality(@Query() query: TimeRangeQueryDto): Promise<QualityReport> {
    return this.records.quality(date(query.from), date(query.to));
  }
}
