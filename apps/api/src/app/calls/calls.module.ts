import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PresenceModule } from '../presence/presence.module';
import { Room } from '../rooms/room.entity';
import { Call } from './call.entity';
import { CallLedger } from './call-ledger.service';
import { CallLeg } from './call-leg.entity';
import { CallParticipant } from './call-participant.entity';
import { CallRecordsService } from './call-records.service';
import { CallRetention } from './call-retention.service';
import { QualityIntake } from './quality-intake.service';

/** Call records: who was in each call, how each leg went, and the quality figures over them. */
@Module({
  imports: [TypeOrmModule.forFeature([Call, CallParticipant, CallLeg, Room]), PresenceModule],
  providers: [CallLedger, QualityIntake, CallRecordsService, CallRetention],
  exports: [QualityIntake, CallRecordsService],
})
export class CallsModule {}
