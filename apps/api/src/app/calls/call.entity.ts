import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One session of a room, from its first join to its last leave. The room's name is copied in: the
 * record outlives a renamed or deleted room, until the retention purge.
 */
@Entity('call')
// At most one open call per room, even with several instances creating it at once (a partial index).
@Index('IDX_call_open_room', ['roomId'], { unique: true, where: '"endedAt" IS NULL' })
export class Call {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar' })
  roomId!: string;

  @Column({ type: 'varchar' })
  roomName!: string;

  @Column({ type: Date })
  startedAt!: Date;

  @Column({ type: Date, nullable: true })
  endedAt!: Date | null;
}
