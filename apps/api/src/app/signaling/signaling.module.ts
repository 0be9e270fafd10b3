import { Module } from '@nestjs/common';
import { PresenceModule } from '../presence/presence.module';
import { RoomsModule } from '../rooms/rooms.module';
import { TurnModule } from '../turn/turn.module';
import { UsersModule } from '../users/users.module';
import { CompatGateway } from './compat.gateway';
import { DomainEvents } from './domain-events';
import { Heartbeat } from './heartbeat';
import { PeerMailbox } from './peer-mailbox';
import { SeatReservations } from './seat-reservations';
import { SignalingGateway } from './signaling.gateway';
import { SignalingService } from './signaling.service';
import { SocketAuthenticator } from './socket-authenticator';

@Module({
  imports: [RoomsModule, UsersModule, PresenceModule, TurnModule],
  providers: [
    SignalingGateway,
    CompatGateway,
    SignalingService,
    SocketAuthenticator,
    PeerMailbox,
    SeatReservations,
    Heartbeat,
    DomainEvents,
  ],
  exports: [SignalingService],
})
export class SignalingModule {}
