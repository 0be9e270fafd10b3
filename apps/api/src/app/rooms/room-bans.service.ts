import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiErrorCode, RoomBanView } from '@webrtc-call/signaling-contracts';
import { Repository } from 'typeorm';
import { RoomBan, toRoomBanView } from './room-ban.entity';
import { isUuid } from '../../common/uuid';

/** Who may not come back into a room's call. Bars outlive restarts; they go with the room and the barred account. */
@Injectable()
export class RoomBansService {
  constructor(@InjectRepository(RoomBan) private readonly bans: Repository<RoomBan>) {}

  /** Bars `userId` from `roomId`. Barring again keeps the first bar (who, when) as it was. */
  async bar(roomId: string, userId: string, byUserId: string): Promise<void> {
    await this.bans
      .createQueryBuilder()
      .insert()
      .values({ ...this.key(roomId, userId), bannedBy: byUserId })
      .orIgnore()
      .execute();
  }

  async lift(roomId: string, userId: string): Promise<void> {
    const result = isUuid(roomId) && isUuid(userId) ? await this.bans.delete(this.key(roomId, userId)) : null;
    if (!result?.affected) {
      throw new NotFoundException({
        code: ApiErrorCode.BanNotFound,
        message: 'This account is not barred from this room',
      });
    }
  }

  /** The room's bars, newest first. */
  async list(roomId: string): Promise<RoomBanView[]> {
    if (!isUuid(roomId)) return [];
    const bans = await this.bans.find({
      where: { roomId: roomId.toLowerCase() },
      relations: { user: true },
      order: { createdAt: 'DESC', userId: 'ASC' },
    });
    return bans.map(toRoomBanView);
  }

  isBarred(roomId: string, userId: string): Promise<boolean> {
    if (!isUuid(roomId) || !isUuid(userId)) return Promise.resolve(false);
    return this.bans.existsBy(this.key(roomId, userId));
  }

  private key(roomId: string, userId: string): { roomId: string; userId: string } {
    return { roomId: roomId.toLowerCase(), userId: userId.toLowerCase() };
  }
}
