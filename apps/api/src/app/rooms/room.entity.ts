import type { RoomView } from '@webrtc-call/signaling-contracts';
import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';

@Entity('room')
export class Room {
  /** Random UUID: knowing a room's link is what lets someone find it. */
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'integer', default: 4 })
  capacity!: number;

  @Column({ type: 'varchar' })
  ownerId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ownerId' })
  owner?: User;

  /** argon2id hash of the room password; null when the room has none. Never leaves the server. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  passwordHash!: string | null;

  @Column({ type: 'boolean', default: false })
  isPublic!: boolean;

  @Column({ type: 'boolean', default: false })
  locked!: boolean;

  /** Guests from invite links wait for the owner to let them in. */
  @Column({ type: 'boolean', default: true })
  guestsWait!: boolean;

  /** Signed-in users other than the owner (and administrators) wait too. */
  @Column({ type: 'boolean', default: false })
  membersWait!: boolean;

  @CreateDateColumn()
  createdAt!: Date;
}

export function toRoomView(room: Room, participants: number): RoomView {
  return {
    id: room.id,
    name: room.name,
    capacity: room.capacity,
    ownerId: room.ownerId,
    createdAt: room.createdAt.toISOString(),
    isPublic: room.isPublic,
    hasPassword: room.passwordHash !== null,
    locked: room.locked,
    participants,
    guestsWait: room.guestsWait,
    membersWait: room.membersWait,
  };
}
