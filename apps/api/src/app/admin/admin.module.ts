import { Module } from '@nestjs/common';
import { RoomsModule } from '../rooms/rooms.module';
import { SignalingModule } from '../signaling/signaling.module';
import { UsersModule } from '../users/users.module';
import { AdminRoomsController } from './admin-rooms.controller';
import { AdminUsersController } from './admin-users.controller';
import { AdminService } from './admin.service';

@Module({
  imports: [UsersModule, RoomsModule, SignalingModule],
  controllers: [AdminUsersController, AdminRoomsController],
  providers: [AdminService],
})
export class AdminModule {}
