import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RoomsModule } from '../rooms/rooms.module';
import { Credentials } from './credentials';
import { GuestTokens } from './guest-tokens';
import { Invite } from './invite.entity';
import { InvitesController, RoomInvitesController } from './invites.controller';
import { InvitesService } from './invites.service';

@Module({
  imports: [TypeOrmModule.forFeature([Invite]), RoomsModule],
  controllers: [RoomInvitesController, InvitesController],
  providers: [InvitesService, GuestTokens, Credentials],
  exports: [InvitesService, Credentials],
})
export class InvitesModule {}
