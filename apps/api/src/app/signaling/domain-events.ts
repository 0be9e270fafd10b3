import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { RoomsService } from '../rooms/rooms.service';
import { UsersService } from '../users/users.service';
import { SignalingService } from './signaling.service';

/** Applies REST-side changes to live calls: a deleted room is closed, a disabled or deleted user is disconnected. */
@Injectable()
export class DomainEvents implements OnModuleInit, OnModuleDestroy {
  private readonly subscription = new Subscription();

  constructor(
    private readonly rooms: RoomsService,
    private readonly users: UsersService,
    private readonly signaling: SignalingService,
  ) {}

  onModuleInit(): void {
    this.subscription.add(
      this.rooms.events$.subscribe((event) => {
        if (event.type === 'deleted') this.signaling.closeRoom(event.roomId);
      }),
    );
    this.subscription.add(
      this.users.events$.subscribe((event) => {
        this.signaling.disconnectUser(event.userId);
      }),
    );
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
  }
}
