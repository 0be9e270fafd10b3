import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module';
import { InvitesModule } from '../invites/invites.module';
import { PresenceModule } from '../presence/presence.module';
import { RoomsModule } from '../rooms/rooms.module';
import { TurnModule } from '../turn/turn.module';
import { UsersModule } from '../users/users.module';
import { CompatGateway } from './compat.gateway';
import { AppConfig } from '../../config/app-config';
import { PRESENCE, Presence } from '../presence/presence';
import { Credentials } from '../invites/credentials';
import { REDIS } from '../redis/redis.module';
import type { RedisConnection } from '../redis/redis-connection';
import { CLUSTER_COMMANDS, LocalCommands, RedisCommands } from './cluster-commands';
import { DELIVERY, LocalDelivery } from './delivery';
import { RedisDelivery } from './redis-delivery';
import { DomainEvents } from './domain-events';
import { InstanceStats } from './instance-stats';
import { RedisSignalingTickets } from './redis-signaling-tickets';
import { SignalingTickets } from './signaling-tickets';
import { SignalingController } from './signaling.controller';
import { SignalingGateway } from './signaling.gateway';
import { SignalingService } from './signaling.service';
import { SocketRegistry } from './socket-registry';
import { UpgradeGate } from './upgrade-gate';
import { WaitingRoom } from './waiting-room';

@Module({
  imports: [RoomsModule, UsersModule, PresenceModule, TurnModule, InvitesModule, CallsModule],
  controllers: [SignalingController],
  providers: [
    SignalingGateway,
    CompatGateway,
    SignalingService,
    SocketRegistry,
    {
      provide: SignalingTickets,
      inject: [Credentials, REDIS],
      useFactory: (credentials: Credentials, redis: RedisConnection | null) =>
        redis ? new RedisSignalingTickets(credentials, redis) : new SignalingTickets(credentials),
    },
    UpgradeGate,
    WaitingRoom,
    DomainEvents,
    InstanceStats,
    {
      provide: DELIVERY,
      inject: [AppConfig, PRESENCE, REDIS],
      useFactory: (config: AppConfig, presence: Presence, redis: RedisConnection | null) =>
        redis ? new RedisDelivery(config, presence, redis) : new LocalDelivery(presence),
    },
    {
      provide: CLUSTER_COMMANDS,
      inject: [REDIS],
      useFactory: (redis: RedisConnection | null) => (redis ? new RedisCommands(redis) : new LocalCommands()),
    },
  ],
  exports: [SignalingService, SocketRegistry, UpgradeGate, CLUSTER_COMMANDS],
})
export class SignalingModule {}
