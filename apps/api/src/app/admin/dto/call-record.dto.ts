import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  CallDetailView,
  CallParticipantView,
  CallSummaryView,
  FigureAggregate,
  LegView,
  Page,
  Percentiles,
  QualityFigures,
  QualityReport,
} from '@webrtc-call/signaling-contracts';

// Response shapes for the OpenAPI document; the contracts lib holds the types themselves.

class CallParticipantViewDto implements CallParticipantView {
  @ApiProperty({ type: String, nullable: true, description: 'null for a guest' }) userId!: string | null;
  @ApiProperty() displayName!: string;
  @ApiProperty() guest!: boolean;
  @ApiProperty() peerId!: string;
  @ApiProperty({ format: 'date-time' }) joinedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) leftAt!: string | null;
}

export class CallSummaryViewDto implements CallSummaryView {
  @ApiProperty() id!: string;
  @ApiProperty() roomId!: string;
  @ApiProperty() roomName!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null while the call goes on' })
  endedAt!: string | null;
  @ApiProperty({ type: [CallParticipantViewDto] }) participants!: CallParticipantViewDto[];
  @ApiProperty() legCount!: number;
}

export class CallPageDto implements Page<CallSummaryView> {
  @ApiProperty({ type: [CallSummaryViewDto] }) items!: CallSummaryViewDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() limit!: number;
}

class FigureAggregateDto implements FigureAggregate {
  @ApiProperty() count!: number;
  @ApiProperty() min!: number;
  @ApiProperty() avg!: number;
  @ApiProperty() max!: number;
}

const nullableFigure = { type: FigureAggregateDto, nullable: true } as const;

class LegViewDto implements LegView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'The peer who joined the call first' }) a!: LegView['a'];
  @ApiProperty() b!: LegView['b'];
  @ApiProperty({ enum: ['connecting', 'connected', 'failed', 'never-connected', 'closed-before-connected'] })
  outcome!: LegView['outcome'];
  @ApiProperty({ description: 'The last selected candidate pair, as a saw it' })
  candidateType!: LegView['candidateType'];
  @ApiProperty({ type: String, nullable: true }) protocol!: LegView['protocol'];
  @ApiProperty({ type: String, nullable: true }) relayProtocol!: LegView['relayProtocol'];
  @ApiProperty({ type: Number, nullable: true }) timeToConnectMs!: number | null;
  @ApiProperty({ type: Number, nullable: true }) timeToFirstFrameMs!: number | null;
  @ApiProperty() samples!: number;
  @ApiProperty(nullableFigure) rttMs!: FigureAggregate | null;
  @ApiProperty(nullableFigure) jitterMs!: FigureAggregate | null;
  @ApiProperty(nullableFigure) lossPercent!: FigureAggregate | null;
  @ApiProperty(nullableFigure) bitrateKbps!: FigureAggregate | null;
  @ApiProperty() iceRestarts!: number;
  @ApiProperty({ type: Number, nullable: true }) mos!: number | null;
  @ApiProperty({ type: String, enum: ['good', 'fair', 'poor'], nullable: true }) band!: LegView['band'];
}

export class CallDetailViewDto extends CallSummaryViewDto implements CallDetailView {
  @ApiProperty({ type: [LegViewDto] }) legs!: LegViewDto[];
}

class PercentilesDto implements Percentiles {
  @ApiProperty({ type: Number, nullable: true }) p50!: number | null;
  @ApiProperty({ type: Number, nullable: true }) p95!: number | null;
}

class QualityFiguresDto implements QualityFigures {
  @ApiPropertyOptional({ description: 'YYYY-MM-DD (UTC); absent on the total' }) day?: string;
  @ApiProperty() legsTried!: number;
  @ApiProperty() legsConnected!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'connected / tried' }) successRate!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'connected legs through a relay / connected legs' })
  relayShare!: number | null;
  @ApiProperty({ type: PercentilesDto }) timeToConnectMs!: PercentilesDto;
  @ApiProperty({ type: PercentilesDto }) lossPercent!: PercentilesDto;
  @ApiProperty({ type: PercentilesDto }) rttMs!: PercentilesDto;
  @ApiProperty({ type: Number, nullable: true }) mosP50!: number | null;
}

export class QualityReportDto implements QualityReport {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ type: QualityFiguresDto }) total!: QualityFiguresDto;
  @ApiProperty({ type: [QualityFiguresDto] }) days!: QualityFiguresDto[];
}
