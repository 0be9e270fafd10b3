import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiErrorCode } from '@webrtc-call/signaling-contracts';
import { Repository } from 'typeorm';
import { isUuid } from '../../common/uuid';
import { User } from '../users/user.entity';
import { RoomModerator } from './room-moderator.entity';

/** Who besides the owner may let people into a room's call. They go with the room and with the account. */
@Injectable()
export class RoomModeratorsService {
  constructor(
    @InjectRepository(RoomModerator) private readonly moderators: Repository<RoomModerator>,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  /** The room's moderators' account ids. */
  async of(roomId: string): Promise<string[]> {
    if (!isUuid(roomId)) return [];
    const rows = await this.moderators.find({ where: { roomId: roomId.toLowerCase() }, select: { userId: true } });
    return rows.map((row) => row.userId);
  }

  /** Makes an existing account a moderator of the room; again is a no-op. */
  async add(roomId: string, userId: string): Promise<void> {
    if (!isUuid(userId) || !(await this.users.existsBy({ id: userId.toLowerCase() }))) {
      throw new NotFoundException({ code: ApiErrorCode.UserNotFound, message: 'No account with this id' });
    }
    await this.moderators
      .createQueryBuilder()
      .insert()
      .values({ roomId: roomId.toLowerCase(), userId: userId.toLowerCase() })
      .orIgnore()
      .execute();
  }

  async remove(roomId: string, userId: string): Promise<void> {
    const result = isUuid(userId)
      ? await this.moderators.delete({ roomId: roomId.toLowerCase(), userId: userId.toLowerCase() })
      : null;
    if (!result?.affected) {
      throw new NotFoundException({ code: ApiErrorCode.UserNotFound, message: 'This account is no moderator here' });
    }
  }
}
