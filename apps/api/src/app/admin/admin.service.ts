import { Injectable } from '@nestjs/common';
import { AdminStats, Page, UserView } from '@webrtc-call/signaling-contracts';
import { RoomsService } from '../rooms/rooms.service';
import { SignalingService } from '../signaling/signaling.service';
import { SocketRegistry } from '../signaling/socket-registry';
import { toUserView } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AdminUpdateUserDto } from './dto/admin-update-user.dto';

@Injectable()
export class AdminService {
  private readonly startedAt = Date.now();

  constructor(
    private readonly users: UsersService,
    private readonly rooms: RoomsService,
    private readonly signaling: SignalingService,
    private readonly sockets: SocketRegistry,
  ) {}

  async searchUsers(q: string | undefined, page: number, limit: number): Promise<Page<UserView>> {
    const { items, total } = await this.users.search(q, page, limit);
    return { items: items.map(toUserView), total, page, limit };
  }

  async updateUser(id: string, dto: AdminUpdateUserDto): Promise<UserView> {
    return toUserView(await this.users.update(id, dto));
  }

  /** Rooms go first, one by one, so their live calls hear that they closed before the owner disappears. */
  async deleteUser(id: string): Promise<void> {
    await this.users.assertRemovable(id);
    await this.rooms.removeOwnedBy(id);
    await this.users.remove(id);
  }

  async stats(): Promise<AdminStats> {
    const [users, storedRooms, live] = await Promise.all([
      this.users.count(),
      this.rooms.count(),
      this.sockets.liveStats(),
    ]);
    return {
      ...live,
      uptimeSeconds: Math.floor((Date.now() - this.startedAt) / 1000),
      users,
      storedRooms,
    };
  }
}
