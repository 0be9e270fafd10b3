import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { DeniedReason, ServerMessage, SignalingErrorCode } from '@webrtc-call/signaling-contracts';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { Presence, PRESENCE } from '../presence/presence';
import { RoomHosts, RoomsService } from '../rooms/rooms.service';
import type { Refusal, SignalingSocket } from './signaling-socket';

/** Someone waiting at a room's door: until a host decides, the timer fires or the socket goes. */
interface Knock {
  readonly id: string;
  readonly roomId: string;
  readonly ownerId: string;
  /** The room's moderators when the knock came; a moderator made later sees the next knocks. */
  readonly moderatorIds: readonly string[];
  readonly socket: SignalingSocket;
  /** Seats the waiter once let in; answers a refusal (e.g. the room filled up meanwhile). */
  readonly enter: () => Promise<Refusal | null>;
  timer: NodeJS.Timeout;
}

const refuse = (code: SignalingErrorCode, message: string): Refusal => ({ code, message });

/**
 * Owns every knock: the bounded queue of each room, its timers, and what the waiter and the room's hosts
 * (owner, moderators and administrators seated in the call) are told. A waiting socket has no seat, so nothing of the
 * room reaches it until it is let in.
 */
@Injectable()
export class WaitingRoom implements OnModuleDestroy {
  private readonly byRoom = new Map<string, Map<string, Knock>>();
  private readonly bySocket = new Map<SignalingSocket, Knock>();

  constructor(
    private readonly config: AppConfig,
    private readonly rooms: RoomsService,
    @Inject(PRESENCE) private readonly presence: Presence,
  ) {}

  onModuleDestroy(): void {
    for (const knock of this.bySocket.values()) clearTimeout(knock.timer);
  }

  isWaiting(socket: SignalingSocket): boolean {
    return this.bySocket.has(socket);
  }

  /** Puts the socket in the room's queue and tells the hosts; a refusal when the queue is full. */
  knock(socket: SignalingSocket, room: { id: string } & RoomHosts, enter: Knock['enter']): Refusal | null {
    const { maxWaitingPerRoom, waitTimeoutMs } = this.config.guests;
    const queue = this.byRoom.get(room.id) ?? new Map<string, Knock>();
    if (queue.size >= maxWaitingPerRoom) {
      return refuse(SignalingErrorCode.WaitingRoomFull, 'too many people are waiting for this room: try again later');
    }
    const id = randomUUID();
    const timer = setTimeout(() => this.settle(knock, 'timeout'), waitTimeoutMs);
    timer.unref();
    const { ownerId, moderatorIds } = room;
    const knock: Knock = { id, roomId: room.id, ownerId, moderatorIds, socket, enter, timer };
    queue.set(id, knock);
    this.byRoom.set(room.id, queue);
    this.bySocket.set(socket, knock);
    socket.send({ event: 'waiting', data: { roomId: room.id, requestId: id, timeoutMs: waitTimeoutMs } });
    this.toHosts(knock, this.knockFrame(knock));
    return null;
  }

  /** A host lets the waiter in (`admit`) or turns them away (`deny`). */
  decide(host: SignalingSocket, requestId: string, admit: boolean): Refusal | null {
    const seat = host.seat;
    if (!seat) return refuse(SignalingErrorCode.NotInRoom, 'join the room before letting anyone in');
    const knock = this.byRoom.get(seat.roomId)?.get(requestId);
    if (!knock) return refuse(SignalingErrorCode.KnockNotFound, 'nobody with this request id waits for your room');
    if (!this.rooms.isHost(knock, host.user)) {
      return refuse(
        SignalingErrorCode.NotHost,
        'only the room owner, its moderators or an administrator can let people in',
      );
    }
    if (!admit) {
      this.settle(knock, 'denied');
      return null;
    }
    this.remove(knock);
    void knock.enter().then((refusal) => refusal && knock.socket.refuse(refusal));
    return null;
  }

  /** The waiter left or its socket closed. */
  withdraw(socket: SignalingSocket): boolean {
    const knock = this.bySocket.get(socket);
    if (knock) this.remove(knock);
    return knock !== undefined;
  }

  /** The room was deleted: everyone waiting is told so. */
  closeRoom(roomId: string): void {
    for (const knock of this.byRoom.get(roomId)?.values() ?? []) {
      this.remove(knock);
      knock.socket.send({ event: 'room-closed', data: { roomId } });
    }
  }

  /** A host just took its seat: it learns who is already waiting. */
  greetHost(host: SignalingSocket): void {
    const seat = host.seat;
    for (const knock of this.byRoom.get(seat?.roomId ?? '')?.values() ?? []) {
      if (this.rooms.isHost(knock, host.user)) host.send(this.knockFrame(knock));
    }
  }

  private settle(knock: Knock, reason: DeniedReason): void {
    this.remove(knock);
    knock.socket.send({ event: 'denied', data: { roomId: knock.roomId, reason } });
  }

  /** Out of the queue, its timer stopped, and the hosts told to forget it. */
  private remove(knock: Knock): void {
    const queue = this.byRoom.get(knock.roomId);
    if (!queue?.delete(knock.id)) return;
    if (queue.size === 0) this.byRoom.delete(knock.roomId);
    this.bySocket.delete(knock.socket);
    clearTimeout(knock.timer);
    this.toHosts(knock, { event: 'knock-withdrawn', data: { requestId: knock.id } });
  }

  private knockFrame(knock: Knock): ServerMessage {
    const user = knock.socket.user;
    return { event: 'knock', data: { requestId: knock.id, displayName: user.displayName, guest: Boolean(user.guest) } };
  }

  private toHosts(knock: Knock, message: ServerMessage): void {
    for (const seat of this.presence.members(knock.roomId)) {
      if (this.rooms.isHost(knock, seat.user)) seat.deliver(message);
    }
  }
}
