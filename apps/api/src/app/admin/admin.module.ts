import { Module } from '@nestjs/common';
import { ModerationModule } from '../moderation/moderation.module';
import { RoomsModule } from '../rooms/rooms.module';
import { SignalingModule } from '../signaling/signaling.module';
import { UsersModule } from '../users/users.module';
import { AdminRoomsController } from './admin-rooms.controller';
import { AdminUsersController } from './admin-users.controller';
import { AdminService } from './admin.service';

@Module({
  imports: [UsersModule, RoomsModule, SignalingModule, ModerationModule],
  controllers: [AdminUsersController, AdminRoomsController],
  providers: [AdminService],
})
export class AdminModule {}
