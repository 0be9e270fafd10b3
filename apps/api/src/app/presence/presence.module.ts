import { Module } from '@nestjs/common';
import { RoomRegistry } from './room-registry';

/** Live rooms and sockets of this instance; no dependencies, so any domain can read it. */
@Module({
  providers: [RoomRegistry],
  exports: [RoomRegistry],
})
export class PresenceModule {}
