import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PresenceModule } from '../presence/presence.module';
import { Room } from './room.entity';
import { RoomBan } from './room-ban.entity';
import { RoomBansService } from './room-bans.service';
import { RoomModerator } from './room-moderator.entity';
import { RoomModeratorsService } from './room-moderators.service';
import { User } from '../users/user.entity';
import { RoomsController } from './rooms.controller';
import { RoomsService } from './rooms.service';

@Module({
  imports: [TypeOrmModule.forFeature([Room, RoomBan, RoomModerator, User]), PresenceModule],
  controllers: [RoomsController],
  providers: [RoomsService, RoomBansService, RoomModeratorsService],
  exports: [RoomsService, RoomBansService, RoomModeratorsService],
})
export class RoomsModule {}
