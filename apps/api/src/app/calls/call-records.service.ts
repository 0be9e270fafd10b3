import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  ApiErrorCode,
  CallDetailView,
  CallParticipantView,
  CallSummaryView,
  Page,
  QualityReport,
} from '@webrtc-call/signaling-contracts';
import { Between, In, Repository } from 'typeorm';
import { isUuid } from '../../common/uuid';
import { Call } from './call.entity';
import { CallLeg } from './call-leg.entity';
import { CallParticipant } from './call-participant.entity';
import { aggregate, legScore, toLegView } from './leg-aggregate';
import { LegFacts, qualityReport } from './quality-figures';

const DAY_MS = 24 * 3600 * 1000;
/** The quality report's default range, and the longest one it computes at once. */
export const QUALITY_DEFAULT_DAYS = 30;
export const QUALITY_MAX_DAYS = 92;

export interface CallFilter {
  roomId?: string;
  userId?: string;
  from?: Date;
  to?: Date;
}

/** Reads of the call records for administrators. */
@Injectable()
export class CallRecordsService {
  constructor(
    @InjectRepository(Call) private readonly calls: Repository<Call>,
    @InjectRepository(CallParticipant) private readonly participants: Repository<CallParticipant>,
    @InjectRepository(CallLeg) private readonly legs: Repository<CallLeg>,
  ) {}

  /** Calls that started within the range, newest first. */
  async list(filter: CallFilter, page: number, limit: number): Promise<Page<CallSummaryView>> {
    assertRange(filter.from, filter.to);
    const query = this.calls.createQueryBuilder('call');
    if (filter.roomId) query.andWhere('call.roomId = :roomId', { roomId: filter.roomId });
    if (filter.from) query.andWhere('call.startedAt >= :from', { from: filter.from });
    if (filter.to) query.andWhere('call.startedAt < :to', { to: filter.to });
    if (filter.userId) {
      query.andWhere('EXISTS (SELECT 1 FROM call_participant p WHERE p."callId" = call.id AND p."userId" = :userId)', {
        userId: filter.userId,
      });
    }
    const [found, total] = await query
      .orderBy('call.startedAt', 'DESC')
      .addOrderBy('call.id', 'DESC')
      .skip((page - 1) * limit)
      .take(limit)
      .getManyAndCount();
    const ids = found.map((call) => call.id);
    const people = ids.length ? await this.participants.findBy({ callId: In(ids) }) : [];
    const legCounts = ids.length
      ? await this.legs
          .createQueryBuilder('leg')
          .select('leg.callId', 'callId')
          .addSelect('COUNT(*)', 'count')
          .where('leg.callId IN (:...ids)', { ids })
          .groupBy('leg.callId')
          .getRawMany<{ callId: string; count: string | number }>()
      : [];
    const countOf = new Map(legCounts.map((row) => [row.callId, Number(row.count)]));
    const items = found.map((call) =>
      summary(
        call,
        people.filter((p) => p.callId === call.id),
        countOf.get(call.id) ?? 0,
      ),
    );
    return { items, total, page, limit };
  }

  async detail(id: string): Promise<CallDetailView> {
    const call = isUuid(id) ? await this.calls.findOneBy({ id }) : null;
    if (!call) throw new NotFoundException({ code: ApiErrorCode.CallNotFound, message: 'No call with this id' });
    const people = await this.participants.findBy({ callId: id });
    const legs = await this.legs.find({ where: { callId: id }, order: { startedAt: 'ASC' } });
    const byId = new Map(people.map((p) => [p.id, p]));
    const unknown = { peerId: '', displayName: '' };
    return {
      ...summary(call, people, legs.length),
      legs: legs.map((leg) => toLegView(leg, byId.get(leg.aId) ?? unknown, byId.get(leg.bId) ?? unknown)),
    };
  }

  /** Legs that started within [from, to): the last QUALITY_DEFAULT_DAYS days when left out. */
  async quality(fromIn?: Date, toIn?: Date, now = new Date()): Promise<QualityReport> {
    const to = toIn ?? now;
    const from = fromIn ?? new Date(to.getTime() - QUALITY_DEFAULT_DAYS * DAY_MS);
    assertRange(from, to);
    if (to.getTime() - from.getTime() > QUALITY_MAX_DAYS * DAY_MS) {
      throw new BadRequestException({
        code: ApiErrorCode.ValidationFailed,
        message: `the range may span at most ${QUALITY_MAX_DAYS} days`,
      });
    }
    // Between is inclusive: the leg starting exactly at `to` belongs to the next range, so it is dropped below.
    const legs = await this.legs.findBy({ startedAt: Between(from, to) });
    const facts = legs.filter((leg) => leg.startedAt.getTime() < to.getTime()).map(factsOf);
    return qualityReport(facts, from, to);
  }
}

function assertRange(from?: Date, to?: Date): void {
  if (from && to && from.getTime() >= to.getTime()) {
    throw new BadRequestException({ code: ApiErrorCode.ValidationFailed, message: 'from must be before to' });
  }
}

function factsOf(leg: CallLeg): LegFacts {
  return {
    startedAt: leg.startedAt,
    outcome: leg.outcome,
    usedRelay: leg.localCandidateType === 'relay' || leg.remoteCandidateType === 'relay',
    timeToConnectMs: leg.timeToConnectMs,
    lossPercent: aggregate(leg, 'loss')?.avg ?? null,
    rttMs: aggregate(leg, 'rtt')?.avg ?? null,
    mos: legScore(leg).mos,
  };
}

function summary(call: Call, people: CallParticipant[], legCount: number): CallSummaryView {
  const participants: CallParticipantView[] = [...people]
    .sort((x, y) => x.joinedAt.getTime() - y.joinedAt.getTime())
    .map((p) => ({
      userId: p.userId,
      displayName: p.displayName,
      guest: p.guest,
      peerId: p.peerId,
      joinedAt: p.joinedAt.toISOString(),
      leftAt: p.leftAt?.toISOString() ?? null,
    }));
  return {
    id: call.id,
    roomId: call.roomId,
    roomName: call.roomName,
    startedAt: call.startedAt.toISOString(),
    endedAt: call.endedAt?.toISOString() ?? null,
    participants,
    legCount,
  };
}
