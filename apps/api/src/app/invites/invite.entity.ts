import type { InviteView } from '@webrtc-call/signaling-contracts';
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Room } from '../rooms/room.entity';

@Entity('invite')
export class Invite {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar' })
  roomId!: string;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roomId' })
  room?: Room;

  /** Hex SHA-256 of the secret: the secret itself is never stored, and a lookup by hash is the comparison. */
  @Column({ type: 'varchar', length: 64, unique: true })
  secretHash!: string;

  @Column({ type: 'varchar' })
  createdBy!: string;

  @Column({ type: Date, nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'integer', nullable: true })
  maxUses!: number | null;

  @Column({ type: 'integer', default: 0 })
  uses!: number;

  @CreateDateColumn()
  createdAt!: Date;
}

export function toInviteView(invite: Invite): InviteView {
  return {
    id: invite.id,
    roomId: invite.roomId,
    createdAt: invite.createdAt.toISOString(),
    expiresAt: invite.expiresAt?.toISOString() ?? null,
    maxUses: invite.maxUses,
    uses: invite.uses,
  };
}
