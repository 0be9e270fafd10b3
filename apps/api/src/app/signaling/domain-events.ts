import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { SignalingCloseCode } from '@webrtc-call/signaling-contracts';
import { Subscription } from 'rxjs';
import { InvitesService } from '../invites/invites.service';
import { Presence, PRESENCE } from '../presence/presence';
import { SeatEvents } from '../presence/seat-events';
import { RoomsService } from '../rooms/rooms.service';
import { UsersService } from '../users/users.service';
import { CLUSTER_COMMANDS, ClusterCommand, ClusterCommands } from './cluster-commands';
import { DELIVERY, Delivery } from './delivery';
import { SignalingService } from './signaling.service';
import { SocketRegistry } from './socket-registry';

/**
 * Applies REST-side changes to live calls, on every instance: a deleted room is closed; an account
 * whose tokens were revoked (4401) or that was disabled or deleted (4403) loses its sockets and its
 * seats, and so do guests (4401) whose invite link was revoked or whose room was deleted. Seats a dead
 * instance left behind are announced to the rooms they were in.
 */
@Injectable()
export class DomainEvents implements OnModuleInit, OnModuleDestroy {
  private readonly subscription = new Subscription();

  constructor(
    private readonly rooms: RoomsService,
    private readonly users: UsersService,
    private readonly invites: InvitesService,
    private readonly signaling: SignalingService,
    private readonly sockets: SocketRegistry,
    @Inject(CLUSTER_COMMANDS) private readonly cluster: ClusterCommands,
    @Inject(PRESENCE) private readonly presence: Presence,
    @Inject(DELIVERY) private readonly delivery: Delivery,
    private readonly seatEvents: SeatEvents,
  ) {}

  onModuleInit(): void {
    this.subscription.add(
      this.rooms.events$.subscribe((event) => {
        if (event.type !== 'deleted') return;
        this.cluster.publish({ kind: 'close-room', roomId: event.roomId });
        this.cluster.publish({ kind: 'disconnect-guests', roomId: event.roomId, reason: 'room deleted' });
      }),
    );
    this.subscription.add(
      this.invites.events$.subscribe((event) =>
        this.cluster.publish({ kind: 'disconnect-guests', inviteId: event.inviteId, reason: 'invite revoked' }),
      ),
    );
    this.subscription.add(
      this.users.events$.subscribe((event) => {
        const revoked = event.type === 'revoked';
        this.cluster.publish({
          kind: 'disconnect',
          userId: event.userId,
          code: revoked ? SignalingCloseCode.Unauthorized : SignalingCloseCode.Forbidden,
          reason: revoked ? 'session revoked' : `account ${event.type}`,
        });
      }),
    );
    this.subscription.add(this.cluster.commands$.subscribe((command) => this.apply(command)));
    this.subscription.add(
      this.presence.departures$.subscribe(({ roomId, peer, kind }) => {
        this.delivery.toRoom(
          roomId,
          kind === 'held'
            ? { event: 'peer-updated', data: { peer } }
            : { event: 'peer-leave', data: { peerId: peer.peerId } },
          // Not to the seat itself: its queue would hand its own departure back to it on resume.
          peer.peerId,
        );
        if (kind === 'left') this.seatEvents.released(roomId, peer.peerId);
      }),
    );
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
  }

  private apply(command: ClusterCommand): void {
    switch (command.kind) {
      case 'expel':
        this.signaling.expel(command.roomId, command.userId, command.reason);
        return;
      case 'close-room':
        this.signaling.closeRoom(command.roomId);
        return;
      case 'disconnect':
        this.sockets.disconnectUser(command.userId, command.code, command.reason);
        return;
      case 'disconnect-guests': {
        const { roomId, inviteId } = command;
        this.sockets.disconnectGuests(
          (guest) =>
            (roomId !== undefined && guest.roomId === roomId) ||
            (inviteId !== undefined && guest.inviteId === inviteId),
          command.reason,
        );
        return;
      }
    }
  }
}
