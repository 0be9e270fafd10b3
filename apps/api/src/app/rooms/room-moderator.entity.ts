import { CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../users/user.entity';
import { Room } from './room.entity';

/** An account the room's owner trusts to let people in from the waiting room. */
@Entity('room_moderator')
export class RoomModerator {
  @PrimaryColumn({ type: 'varchar' })
  roomId!: string;

  @PrimaryColumn({ type: 'varchar' })
  userId!: string;

  @CreateDateColumn()
  createdAt!: Date;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roomId' })
  room?: Room;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: User;
}
