import type { UserRole, UserView } from '@webrtc-call/signaling-contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('user')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 32, unique: true })
  username!: string;

  @Column({ type: 'varchar', length: 64 })
  displayName!: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 16, default: 'user' })
  role!: UserRole;

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  /** Carried in every access token; bumping it revokes all tokens issued before. */
  @Column({ type: 'integer', default: 0 })
  tokenVersion!: number;

  /** Set for the generated administrator: nothing but choosing a new password is allowed until then. */
  @Column({ type: 'boolean', default: false })
  mustChangePassword!: boolean;

  @CreateDateColumn()
  createdAt!: Date;
}

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    createdAt: user.createdAt.toISOString(),
    disabled: user.disabled,
    mustChangePassword: user.mustChangePassword,
  };
}
