import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PresenceModule } from '../presence/presence.module';
import { Room } from './room.entity';
import { RoomPasswordLimiter } from './room-password-limiter';
import { RoomsController } from './rooms.controller';
import { RoomsService } from './rooms.service';

@Module({
  imports: [TypeOrmModule.forFeature([Room]), PresenceModule],
  controllers: [RoomsController],
  providers: [RoomsService, RoomPasswordLimiter],
  exports: [RoomsService],
})
export class RoomsModule {}
