import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { SignalingCloseCode } from '@webrtc-call/signaling-contracts';
import { Subscription } from 'rxjs';
import { InvitesService } from '../invites/invites.service';
import { RoomsService } from '../rooms/rooms.service';
import { UsersService } from '../users/users.service';
import { SignalingService } from './signaling.service';
import { SocketRegistry } from './socket-registry';

/**
 * Applies REST-side changes to live calls: a deleted room is closed; an account whose tokens were
 * revoked (4401) or that was disabled or deleted (4403) loses its sockets and its seats, and so do guests
 * (4401) whose invite link was revoked or whose room was deleted.
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
  ) {}

  onModuleInit(): void {
    this.subscription.add(
      this.rooms.events$.subscribe((event) => {
        if (event.type !== 'deleted') return;
        this.signaling.closeRoom(event.roomId);
        this.sockets.disconnectGuests((guest) => guest.roomId === event.roomId, 'room deleted');
      }),
    );
    this.subscription.add(
      this.invites.events$.subscribe((event) =>
        this.sockets.disconnectGuests((guest) => guest.inviteId === event.inviteId, 'invite revoked'),
      ),
    );
    this.subscription.add(
      this.users.events$.subscribe((event) => {
        if (event.type === 'revoked') {
          this.sockets.disconnectUser(event.userId, SignalingCloseCode.Unauthorized, 'session revoked');
        } else {
          this.sockets.disconnectUser(event.userId, SignalingCloseCode.Forbidden, `account ${event.type}`);
        }
      }),
    );
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
  }
}
