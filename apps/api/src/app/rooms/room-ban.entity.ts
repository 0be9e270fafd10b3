import type { RoomBanView } from '@webrtc-call/signaling-contracts';
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../users/user.entity';
import { Room } from './room.entity';

/** An account that may not join a room's call until the bar is lifted; one per account and room. */
@Entity('room_ban')
export class RoomBan {
  @PrimaryColumn({ type: 'varchar' })
  roomId!: string;

  @PrimaryColumn({ type: 'varchar' })
  userId!: string;

  /**
   * Who removed them. Not a foreign key on purpose: the bar stands when that account is later deleted,
   * whereas it goes with the room and with the barred account.
   */
  @Column({ type: 'varchar' })
  bannedBy!: string;

  @CreateDateColumn()
  createdAt!: Date;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roomId' })
  room?: Room;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: User;
}

export function toRoomBanView(ban: RoomBan): RoomBanView {
  return {
    roomId: ban.roomId,
    userId: ban.userId,
    displayName: ban.user?.displayName ?? null,
    bannedBy: ban.bannedBy,
    createdAt: ban.createdAt.toISOString(),
  };
}
