import { Inject, Injectable } from '@nestjs/common';
import type { ServerMessage } from '@webrtc-call/signaling-contracts';
import { Presence, PRESENCE } from '../presence/presence';

/**
 * Hands frames to seats, wherever their sockets live: in-memory for one process (`LocalDelivery`), or
 * through Redis to the instance holding the seat (`RedisDelivery`).
 */
export interface Delivery {
  /**
   * To seat `peerId` of `roomId`; false when there is no such seat in that room. Answered at once for a
   * seat of this instance, after a round trip for one elsewhere.
   */
  toPeer(roomId: string, peerId: string, message: ServerMessage): boolean | Promise<boolean>;
  /** To every seat of `roomId` but `exceptPeerId`. */
  toRoom(roomId: string, message: ServerMessage, exceptPeerId?: string): void;
}

export const DELIVERY = Symbol('Delivery');

@Injectable()
export class LocalDelivery implements Delivery {
  constructor(@Inject(PRESENCE) private readonly presence: Presence) {}

  toPeer(roomId: string, peerId: string, message: ServerMessage): boolean {
    const seat = this.presence.member(roomId, peerId);
    seat?.deliver(message);
    return seat !== undefined;
  }

  toRoom(roomId: string, message: ServerMessage, exceptPeerId?: string): void {
    for (const seat of this.presence.members(roomId)) if (seat.id !== exceptPeerId) seat.deliver(message);
  }
}
