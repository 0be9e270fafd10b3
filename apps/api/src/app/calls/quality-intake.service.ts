import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QualitySample, SignalingErrorCode } from '@webrtc-call/signaling-contracts';
import { Subscription } from 'rxjs';
import { In, Repository } from 'typeorm';
import { MetricsService } from '../metrics/metrics.service';
import { SeatEvents } from '../presence/seat-events';
import { CallLedger } from './call-ledger.service';
import { CallLeg } from './call-leg.entity';
import { CallParticipant } from './call-participant.entity';
import { emptyLeg, foldSample, LegFigures } from './leg-aggregate';
import { SampleGate } from './sample-gate';

export interface SampleRefusal {
  code: SignalingErrorCode;
  message: string;
}

/** Who sent a sample: a seat of this instance. */
export interface SampleSender {
  roomId: string;
  peerId: string;
}

/** Tries at folding a sample into a leg another instance is updating at the same moment. */
const MAX_WRITE_ATTEMPTS = 5;

/**
 * Takes `stats` samples from seated sockets and folds each into its leg's row. Both ends must be
 * participants of the room's open call (the peer may have left already: its final sample comes after).
 */
@Injectable()
export class QualityIntake implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(QualityIntake.name);
  private readonly gate = new SampleGate();
  private readonly subscription = new Subscription();

  constructor(
    @InjectRepository(CallParticipant) private readonly participants: Repository<CallParticipant>,
    @InjectRepository(CallLeg) private readonly legs: Repository<CallLeg>,
    private readonly ledger: CallLedger,
    private readonly metrics: MetricsService,
    private readonly seats: SeatEvents,
  ) {}

  onModuleInit(): void {
    this.subscription.add(
      this.seats.events$.subscribe((event) => {
        if (event.kind === 'released') this.gate.forget(event.peerId);
      }),
    );
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
  }

  async record(sender: SampleSender, sample: QualitySample, nowMs = Date.now()): Promise<SampleRefusal | null> {
    if (sample.peerId === sender.peerId) return peerNotFound();
    if (!this.gate.admit(sender.peerId, sample.peerId, sample.final, nowMs)) {
      return {
        code: SignalingErrorCode.RateLimited,
        message: 'stats: one sample per peer every 2 s (and one final sample)',
      };
    }
    try {
      const call = await this.ledger.openCall(sender.roomId);
      if (!call) return peerNotFound();
      const found = await this.participants.findBy({ callId: call.id, peerId: In([sender.peerId, sample.peerId]) });
      const self = found.find((p) => p.peerId === sender.peerId);
      const peer = found.find((p) => p.peerId === sample.peerId);
      if (!self || !peer) return peerNotFound();
      const [a, b] = firstJoined(self, peer);
      const leg = await this.fold(call.id, a.id, b.id, sample, a === self, new Date(nowMs));
      this.count(sender.peerId, sample, leg);
      return null;
    } catch (error: unknown) {
      this.logger.error(`stats sample not recorded: ${error instanceof Error ? error.stack : String(error)}`);
      return { code: SignalingErrorCode.Unavailable, message: 'stats: the sample could not be stored: try later' };
    }
  }

  private async fold(
    callId: string,
    aId: string,
    bId: string,
    sample: QualitySample,
    fromA: boolean,
    now: Date,
  ): Promise<LegFigures> {
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const leg = await this.legOf(callId, aId, bId, now);
      const folded = foldSample(leg, sample, fromA);
      // Optimistic: the row changes only if nobody else changed it since we read it.
      const result = await this.legs.update(
        { id: leg.id, version: leg.version },
        { ...folded, version: leg.version + 1 },
      );
      if ((result.affected ?? 0) > 0) return folded;
    }
    throw new Error(`leg of call ${callId} kept changing under ${MAX_WRITE_ATTEMPTS} attempts`);
  }

  private async legOf(callId: string, aId: string, bId: string, now: Date): Promise<CallLeg> {
    const existing = await this.legs.findOneBy({ callId, aId, bId });
    if (existing) return existing;
    await this.legs
      .createQueryBuilder()
      .insert()
      .values({ ...emptyLeg(), callId, aId, bId, startedAt: now, version: 0 })
      .orIgnore()
      .execute();
    return this.legs.findOneByOrFail({ callId, aId, bId });
  }

  /** The funnel stages this seat reached, its leg's first time to connect and candidate pair, a final outcome. */
  private count(sender: string, sample: QualitySample, leg: LegFigures): void {
    const progress = this.gate.progress(sender);
    if (sample.outcome === 'connected' && !progress.connected) {
      progress.connected = true;
      this.metrics.countJoinStage('first-leg-connected');
    }
    if (!progress.flowing && ((sample.framesDecoded ?? 0) > 0 || (sample.bitrateInKbps ?? 0) > 0)) {
      progress.flowing = true;
      this.metrics.countJoinStage('media-flowing');
    }
    if (sample.outcome === 'connected' && !progress.counted.has(sample.peerId)) {
      progress.counted.add(sample.peerId);
      if (sample.timeToConnectMs !== null) this.metrics.observeTimeToConnect(sample.timeToConnectMs / 1000);
      this.metrics.countCandidatePair(sample.localCandidateType, sample.remoteCandidateType);
    }
    if (sample.final) this.metrics.countLegOutcome(leg.outcome);
  }
}

function peerNotFound(): SampleRefusal {
  return { code: SignalingErrorCode.PeerNotFound, message: 'stats: no such peer in your call' };
}

function firstJoined(x: CallParticipant, y: CallParticipant): [CallParticipant, CallParticipant] {
  const order = x.joinedAt.getTime() - y.joinedAt.getTime() || x.id.localeCompare(y.id);
  return order <= 0 ? [x, y] : [y, x];
}
