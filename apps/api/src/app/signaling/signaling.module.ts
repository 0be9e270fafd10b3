import { Module } from '@nestjs/common';
import { InvitesModule } from '../invites/invites.module';
import { PresenceModule } from '../presence/presence.module';
import { RoomsModule } from '../rooms/rooms.module';
import { TurnModule } from '../turn/turn.module';
import { UsersModule } from '../users/users.module';
import { CompatGateway } from './compat.gateway';
import { DELIVERY, LocalDelivery } from './delivery';
import { DomainEvents } from './domain-events';
import { SignalingTickets } from './signaling-tickets';
import { SignalingController } from './signaling.controller';
import { SignalingGateway } from './signaling.gateway';
import { SignalingService } from './signaling.service';
import { SocketRegistry } from './socket-registry';
import { UpgradeGate } from './upgrade-gate';
import { WaitingRoom } from './waiting-room';

@Module({
  imports: [RoomsModule, UsersModule, PresenceModule, TurnModule, InvitesModule],
  controllers: [SignalingController],
  providers: [
    SignalingGateway,
    CompatGateway,
    SignalingService,
    SocketRegistry,
    SignalingTickets,
    UpgradeGate,
    WaitingRoom,
    DomainEvents,
    { provide: DELIVERY, useClass: LocalDelivery },
  ],
  exports: [SignalingService, SocketRegistry, UpgradeGate],
})
export class SignalingModule {}
