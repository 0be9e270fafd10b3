import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module';
import { ModerationModule } from '../moderation/moderation.module';
import { RoomsModule } from '../rooms/rooms.module';
import { SignalingModule } from '../signaling/signaling.module';
import { UsersModule } from '../users/users.module';
import { AdminCallsController } from './admin-calls.controller';
import { AdminRoomsController } from './admin-rooms.controller';
import { AdminUsersController } from './admin-users.controller';
import { AdminService } from './admin.service';

@Module({
  imports: [UsersModule, RoomsModule, SignalingModule, ModerationModule, CallsModule],
  controllers: [AdminUsersController, AdminRoomsController, AdminCallsController],
  providers: [AdminService],
})
export class AdminModule {}
