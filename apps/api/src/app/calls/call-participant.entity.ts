import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Call } from './call.entity';

/** One seat in a call: a resume keeps the peer id, and so the participant. */
@Entity('call_participant')
export class CallParticipant {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar' })
  callId!: string;

  @ManyToOne(() => Call, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'callId' })
  call?: Call;

  @Column({ type: 'varchar' })
  peerId!: string;

  /** Null for a guest: a guest's id names no account. */
  @Column({ type: 'varchar', nullable: true })
  userId!: string | null;

  @Column({ type: 'varchar' })
  displayName!: string;

  @Column({ type: 'boolean', default: false })
  guest!: boolean;

  @Column({ type: Date })
  joinedAt!: Date;

  @Column({ type: Date, nullable: true })
  leftAt!: Date | null;
}
