import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiErrorCode, UserRole } from '@webrtc-call/signaling-contracts';
import { Observable, Subject } from 'rxjs';
import { QueryFailedError, Repository } from 'typeorm';
import { isUuid } from '../../common/uuid';
import { User } from './user.entity';

/**
 * 'revoked': the account's open sessions must authenticate again, because its tokens were revoked
 * (logout everywhere, new password) or its role changed (tokens stay valid: the role is read per request).
 */
export interface UserEvent {
  type: 'revoked' | 'disabled' | 'deleted';
  userId: string;
}

@Injectable()
export class UsersService {
  private readonly events = new Subject<UserEvent>();
  /** Lets the signaling side close a user's sockets without this module knowing about it. */
  readonly events$: Observable<UserEvent> = this.events.asObservable();

  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  /** The user, or null; ids that cannot be ours never reach the database (PostgreSQL would refuse them). */
  findById(id: string): Promise<User | null> {
    return isUuid(id) ? this.users.findOneBy({ id }) : Promise.resolve(null);
  }

  async get(id: string): Promise<User> {
    const user = await this.findById(id);
    if (!user) throw new NotFoundException({ code: ApiErrorCode.UserNotFound, message: 'No user with this id' });
    return user;
  }

  findByUsername(username: string): Promise<User | null> {
    return this.users.findOneBy({ username: username.toLowerCase() });
  }

  count(): Promise<number> {
    return this.users.count();
  }

  hasAdmin(): Promise<boolean> {
    return this.users.existsBy({ role: 'admin' });
  }

  async create(fields: {
    username: string;
    displayName: string;
    passwordHash: string;
    role?: UserRole;
    mustChangePassword?: boolean;
  }): Promise<User> {
    const username = fields.username.toLowerCase();
    if (await this.users.existsBy({ username })) throw usernameTaken();
    try {
      return await this.users.save(this.users.create({ ...fields, username, role: fields.role ?? 'user' }));
    } catch (error) {
      // Two registrations racing for one name: the unique index decides.
      if (error instanceof QueryFailedError && /unique/i.test(error.message)) throw usernameTaken();
      throw error;
    }
  }

  async setDisplayName(user: User, displayName: string): Promise<User> {
    user.displayName = displayName;
    return this.users.save(user);
  }

  /** Replaces the password, which fulfils a required change, and revokes every token issued so far. */
  async setPassword(user: User, passwordHash: string): Promise<User> {
    user.passwordHash = passwordHash;
    user.mustChangePassword = false;
    user.tokenVersion += 1;
    const saved = await this.users.save(user);
    this.events.next({ type: 'revoked', userId: user.id });
    return saved;
  }

  async revokeTokens(userId: string): Promise<void> {
    await this.users.increment({ id: userId }, 'tokenVersion', 1);
    this.events.next({ type: 'revoked', userId });
  }

  /** Usernames and display names containing `q`, oldest first. */
  async search(q: string | undefined, page: number, limit: number): Promise<{ items: User[]; total: number }> {
    const query = this.users.createQueryBuilder('user').orderBy('user.createdAt', 'ASC').addOrderBy('user.id', 'ASC');
    if (q) {
      const pattern = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.where(
        "(LOWER(user.username) LIKE :pattern ESCAPE '\\' OR LOWER(user.displayName) LIKE :pattern ESCAPE '\\')",
        {
          pattern,
        },
      );
    }
    const [items, total] = await query
      .skip((page - 1) * limit)
      .take(limit)
      .getManyAndCount();
    return { items, total };
  }

  async update(id: string, changes: { role?: UserRole; disabled?: boolean }): Promise<User> {
    const user = await this.get(id);
    const losesAdmin =
      user.role === 'admin' && !user.disabled && (changes.role === 'user' || changes.disabled === true);
    if (losesAdmin) await this.assertAnotherAdmin(user.id);
    const disabling = changes.disabled === true && !user.disabled;
    const newRole = changes.role !== undefined && changes.role !== user.role;
    if (changes.role !== undefined) user.role = changes.role;
    if (changes.disabled !== undefined) user.disabled = changes.disabled;
    // Re-enabling an account must not bring its old sessions back.
    if (disabling) user.tokenVersion += 1;
    const saved = await this.users.save(user);
    if (disabling) this.events.next({ type: 'disabled', userId: user.id });
    else if (newRole) this.events.next({ type: 'revoked', userId: user.id });
    return saved;
  }

  /** Throws what `remove` would: the user is unknown, or is the last enabled administrator. */
  async assertRemovable(id: string): Promise<User> {
    const user = await this.get(id);
    if (user.role === 'admin' && !user.disabled) await this.assertAnotherAdmin(user.id);
    return user;
  }

  async remove(id: string): Promise<void> {
    const user = await this.assertRemovable(id);
    await this.users.delete({ id: user.id });
    this.events.next({ type: 'deleted', userId: user.id });
  }

  private async assertAnotherAdmin(exceptId: string): Promise<void> {
    const others = await this.users
      .createQueryBuilder('user')
      .where('user.role = :role AND user.disabled = :disabled AND user.id != :id', {
        role: 'admin',
        disabled: false,
        id: exceptId,
      })
      .getCount();
    if (others === 0) {
      throw new ConflictException({
        code: ApiErrorCode.LastAdmin,
        message: 'This is the only enabled administrator; promote someone else first',
      });
    }
  }
}

function usernameTaken(): ConflictException {
  return new ConflictException({ code: ApiErrorCode.UsernameTaken, message: 'That username is already taken' });
}
