import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { ApiErrorCode, RoomBanView } from '@webrtc-call/signaling-contracts';
import type { AuthUser } from '../../common/auth-user';
import { RoomBansService } from '../rooms/room-bans.service';
import { RoomModeratorsService } from '../rooms/room-moderators.service';
import { RoomsService } from '../rooms/rooms.service';
import { CLUSTER_COMMANDS, ClusterCommands } from '../signaling/cluster-commands';
import { SignalingService } from '../signaling/signaling.service';

/** Removing people from a room's call so that they stay out, and letting them back in. */
@Injectable()
export class ModerationService {
  constructor(
    private readonly rooms: RoomsService,
    private readonly bans: RoomBansService,
    private readonly moderators: RoomModeratorsService,
    private readonly signaling: SignalingService,
    @Inject(CLUSTER_COMMANDS) private readonly cluster: ClusterCommands,
  ) {}

  /** Removes the account seated as `peerId` from the call, every seat of it, and bars it from coming back. */
  async remove(roomId: string, peerId: string, caller: AuthUser): Promise<void> {
    const room = await this.rooms.getManaged(roomId, caller);
    const participant = await this.signaling.participant(room.id, peerId);
    if (!participant) {
      throw new NotFoundException({
        code: ApiErrorCode.PeerNotFound,
        message: 'Nobody with this peer id is in that room',
      });
    }
    if (participant.userId === caller.id) {
      throw new BadRequestException({
        code: ApiErrorCode.CannotRemoveSelf,
        message: 'You cannot remove yourself; leave the call instead',
      });
    }
    // The bar is stored before the seats go, so that an immediate rejoin already finds it. A guest has no
    // account to bar: it goes, and knocks again only if its link still lets it in.
    if (!participant.guest) await this.bans.bar(room.id, participant.userId, caller.id);
    const reason = room.ownerId === caller.id ? 'removed by the room owner' : 'removed by an administrator';
    this.cluster.publish({ kind: 'expel', roomId: room.id, userId: participant.userId, reason });
  }

  async listBans(roomId: string, caller: AuthUser): Promise<RoomBanView[]> {
    const room = await this.rooms.getManaged(roomId, caller);
    return this.bans.list(room.id);
  }

  async lift(roomId: string, userId: string, caller: AuthUser): Promise<void> {
    const room = await this.rooms.getManaged(roomId, caller);
    await this.bans.lift(room.id, userId);
  }

  async listModerators(roomId: string, caller: AuthUser): Promise<string[]> {
    const room = await this.rooms.getManaged(roomId, caller);
    return this.moderators.of(room.id);
  }

  /** Only the owner and administrators choose moderators; a moderator lets people in, nothing more. */
  async setModerator(roomId: string, userId: string, caller: AuthUser, on: boolean): Promise<void> {
    const room = await this.rooms.getManaged(roomId, caller);
    await (on ? this.moderators.add(room.id, userId) : this.moderators.remove(room.id, userId));
  }
}
