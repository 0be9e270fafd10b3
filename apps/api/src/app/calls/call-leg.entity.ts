import type { CandidateType, LegOutcome, RelayProtocol, TransportProtocol } from '@webrtc-call/signaling-contracts';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Call } from './call.entity';

/**
 * One pair of participants of a call, with every sample of either side folded in: counts, sums, minima
 * and maxima, never a row per sample. `version` lets two instances update it without losing a sample.
 */
@Entity('call_leg')
export class CallLeg {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar' })
  callId!: string;

  @ManyToOne(() => Call, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'callId' })
  call?: Call;

  /** The participant who joined the call first. */
  @Column({ type: 'varchar' })
  aId!: string;

  @Column({ type: 'varchar' })
  bId!: string;

  @Column({ type: Date })
  startedAt!: Date;

  @Column({ type: 'integer', default: 0 })
  version!: number;

  @Column({ type: 'varchar', length: 32 })
  outcome!: LegOutcome;

  @Column({ type: 'varchar', length: 8, nullable: true })
  localCandidateType!: CandidateType | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  remoteCandidateType!: CandidateType | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  protocol!: TransportProtocol | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  relayProtocol!: RelayProtocol | null;

  /** Whether the candidate pair above is `a`'s own report (b's, mirrored, until a reports). */
  @Column({ type: 'boolean', default: false })
  pairFromA!: boolean;

  @Column({ type: 'double precision', nullable: true })
  timeToConnectMs!: number | null;

  @Column({ type: 'double precision', nullable: true })
  timeToFirstFrameMs!: number | null;

  @Column({ type: 'integer', default: 0 })
  samples!: number;

  @Column({ type: 'integer', default: 0 })
  iceRestarts!: number;

  @Column({ type: 'integer', default: 0 }) rttCount!: number;
  @Column({ type: 'double precision', default: 0 }) rttSum!: number;
  @Column({ type: 'double precision', nullable: true }) rttMin!: number | null;
  @Column({ type: 'double precision', nullable: true }) rttMax!: number | null;

  @Column({ type: 'integer', default: 0 }) jitterCount!: number;
  @Column({ type: 'double precision', default: 0 }) jitterSum!: number;
  @Column({ type: 'double precision', nullable: true }) jitterMin!: number | null;
  @Column({ type: 'double precision', nullable: true }) jitterMax!: number | null;

  @Column({ type: 'integer', default: 0 }) lossCount!: number;
  @Column({ type: 'double precision', default: 0 }) lossSum!: number;
  @Column({ type: 'double precision', nullable: true }) lossMin!: number | null;
  @Column({ type: 'double precision', nullable: true }) lossMax!: number | null;

  @Column({ type: 'integer', default: 0 }) bitrateCount!: number;
  @Column({ type: 'double precision', default: 0 }) bitrateSum!: number;
  @Column({ type: 'double precision', nullable: true }) bitrateMin!: number | null;
  @Column({ type: 'double precision', nullable: true }) bitrateMax!: number | null;
}
