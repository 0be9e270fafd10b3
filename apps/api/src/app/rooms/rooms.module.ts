import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PresenceModule } from '../presence/presence.module';
import { Room } from './room.entity';
import { RoomBan } from './room-ban.entity';
import { RoomBansService } from './room-bans.service';
import { RoomsController } from './rooms.controller';
import { RoomsService } from './rooms.service';

@Module({
  imports: [TypeOrmModule.forFeature([Room, RoomBan]), PresenceModule],
  controllers: [RoomsController],
  providers: [RoomsService, RoomBansService],
  exports: [RoomsService, RoomBansService],
})
export class RoomsModule {}
