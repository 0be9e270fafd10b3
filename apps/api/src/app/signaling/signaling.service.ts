import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ClientEventMap,
  PeerInfo,
  QualitySample,
  RelayMessage,
  ServerMessage,
  SignalingCloseCode,
  SignalingErrorCode,
} from '@webrtc-call/signaling-contracts';
import { AppConfig } from '../../config/app-config';
import { QualityIntake } from '../calls/quality-intake.service';
import { Credentials } from '../invites/credentials';
import { MetricsService } from '../metrics/metrics.service';
import { Presence, PRESENCE } from '../presence/presence';
import { Seat, SeatLimits } from '../presence/seat';
import { SeatEvents } from '../presence/seat-events';
import { RoomBansService } from '../rooms/room-bans.service';
import { RoomsService } from '../rooms/rooms.service';
import { TurnService } from '../turn/turn.service';
import { admissionRefusal } from './admission-refusal';
import { DELIVERY, Delivery } from './delivery';
import type { Refusal, SignalingSocket } from './signaling-socket';
import { WaitingRoom } from './waiting-room';

/** Frames and bytes a held seat keeps for its resume; beyond either the oldest are dropped. */
export const MAX_QUEUED_FRAMES = 256;
export const MAX_QUEUED_BYTES = 256 * 1024;

const refuse = (code: SignalingErrorCode, message: string): Refusal => ({ code, message });

/**
 * The room rules: who may join, resume, relay, chat and leave, and what the others are told. Sockets
 * dispatch frames here; seats are kept by presence and frames handed over by delivery.
 */
@Injectable()
export class SignalingService {
  private readonly logger = new Logger(SignalingService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly rooms: RoomsService,
    private readonly bans: RoomBansService,
    private readonly credentials: Credentials,
    private readonly waiting: WaitingRoom,
    private readonly turn: TurnService,
    private readonly metrics: MetricsService,
    @Inject(PRESENCE) private readonly presence: Presence,
    @Inject(DELIVERY) private readonly delivery: Delivery,
    private readonly seatEvents: SeatEvents,
    private readonly quality: QualityIntake,
  ) {}

  async join(socket: SignalingSocket, data: ClientEventMap['join']): Promise<Refusal | null> {
    if (socket.seat || socket.joining || this.waiting.isWaiting(socket)) {
      return refuse(SignalingErrorCode.AlreadyInRoom, 'leave the current room before joining another');
    }
    socket.joining = true;
    try {
      return await this.admit(socket, data);
    } catch (error: unknown) {
      this.logger.error(`join failed: ${error instanceof Error ? error.stack : String(error)}`);
      return refuse(SignalingErrorCode.Unavailable, 'the server could not open the room: try again shortly');
    } finally {
      socket.joining = false;
    }
  }

  /** Answered at once for a peer of this instance; after a round trip through Redis for one elsewhere. */
  relay(socket: SignalingSocket, message: RelayMessage): Refusal | null | Promise<Refusal | null> {
    const seat = socket.seat;
    if (!seat) return refuse(SignalingErrorCode.NotInRoom, 'join a room before signaling');
    const { to } = message.data;
    const frame: ServerMessage =
      message.event === 'candidate'
        ? { event: 'candidate', data: { from: seat.id, candidate: message.data.candidate } }
        : { event: message.event, data: { from: seat.id, sdp: message.data.sdp } };
    if (to === seat.id) return refuse(SignalingErrorCode.PeerNotFound, 'no such peer in your room');
    const delivered = this.delivery.toPeer(seat.roomId, to, frame);
    if (typeof delivered === 'boolean') return this.relayed(message, delivered);
    return delivered.then(
      (sent) => this.relayed(message, sent),
      (error: unknown) => {
        this.logger.warn(`relay failed: ${String(error)}`);
        return refuse(SignalingErrorCode.Unavailable, 'the message could not be passed on: try again shortly');
      },
    );
  }

  leave(socket: SignalingSocket): Refusal | null {
    if (this.waiting.withdraw(socket)) return null;
    const seat = socket.seat;
    if (!seat) return refuse(SignalingErrorCode.NotInRoom, 'you are not in a room');
    this.vacate(seat);
    return null;
  }

  mute(socket: SignalingSocket, data: ClientEventMap['mute']): Refusal | null {
    const seat = socket.seat;
    if (!seat) return refuse(SignalingErrorCode.NotInRoom, 'join a room first');
    seat.audio = data.audio;
    seat.video = data.video;
    this.presence.updated(seat);
    this.delivery.toRoom(seat.roomId, { event: 'peer-updated', data: { peer: seat.info() } }, seat.id);
    return null;
  }

  chat(socket: SignalingSocket, text: string, nowMs: number): Refusal | null {
    const seat = socket.seat;
    if (!seat) return refuse(SignalingErrorCode.NotInRoom, 'join a room first');
    const at = new Date(nowMs).toISOString();
    this.delivery.toRoom(seat.roomId, { event: 'chat', data: { from: seat.id, text, at } });
    return null;
  }

  /** A quality sample of one of the seat's legs: recorded, never relayed. */
  async stats(socket: SignalingSocket, sample: QualitySample): Promise<Refusal | null> {
    const seat = socket.seat;
    if (!seat) return refuse(SignalingErrorCode.NotInRoom, 'join a room before sending stats');
    return this.quality.record({ roomId: seat.roomId, peerId: seat.id }, sample);
  }

  /** A host lets someone waiting in, or turns them away. */
  decide(socket: SignalingSocket, requestId: string, admit: boolean): Refusal | null {
    return this.waiting.decide(socket, requestId, admit);
  }

  /** The socket is gone: its seat is held for a resume, unless the server closed it or resuming is off. */
  socketLost(socket: SignalingSocket): void {
    this.waiting.withdraw(socket);
    const seat = socket.seat;
    if (!seat) return;
    if (socket.closing || this.config.signaling.resumeWindowMs === 0) return this.vacate(seat);
    seat.hold(() => this.vacate(seat));
    this.presence.updated(seat);
    this.delivery.toRoom(seat.roomId, { event: 'peer-updated', data: { peer: seat.info() } }, seat.id);
  }

  /** Who sits in `roomId` under `peerId`, on any instance, or null. */
  async participant(roomId: string, peerId: string): Promise<PeerInfo | null> {
    return (await this.presence.roster(roomId)).find((peer) => peer.peerId === peerId) ?? null;
  }

  /**
   * Removes every seat of `userId` in `roomId` on this instance, each told `kicked`; their sockets stay
   * open, seatless. (Every instance runs it: see `ClusterCommands`.)
   */
  expel(roomId: string, userId: string, reason: string): number {
    const seats = this.presence.members(roomId).filter((seat) => seat.user.id === userId);
    for (const seat of seats) {
      seat.deliver({ event: 'kicked', data: { reason } });
      this.vacate(seat);
    }
    this.forgetHeld(roomId, userId, true);
    return seats.length;
  }

  /** Everyone in the room is told it closed and loses their seat; nobody is told of anyone leaving. */
  closeRoom(roomId: string): number {
    this.waiting.closeRoom(roomId);
    const seats = this.presence.members(roomId);
    for (const seat of seats) {
      seat.deliver({ event: 'room-closed', data: { roomId } });
      if (this.presence.vacate(seat)) this.seatEvents.released(roomId, seat.id);
    }
    this.forgetHeld(roomId, undefined, false);
    return seats.length;
  }

  /** The account lost access: its sockets are closed with `code` and all its seats, held ones too, are freed. */
  disconnectUser(userId: string, sockets: SignalingSocket[], code: number, reason: string): void {
    for (const socket of sockets) socket.shutdown(code, reason);
    for (const seat of this.presence.seatsOf(userId)) this.vacate(seat);
  }

  /** Seats a dead instance left held in the room go too (and, when `announce`, the others are told). */
  private forgetHeld(roomId: string, userId: string | undefined, announce: boolean): void {
    this.presence.forgetHeld(roomId, userId).then(
      (gone) => {
        if (!announce) return;
        for (const peer of gone) this.delivery.toRoom(roomId, { event: 'peer-leave', data: { peerId: peer.peerId } });
      },
      (error: unknown) => this.logger.warn(`could not free held seats of room ${roomId}: ${String(error)}`),
    );
  }

  /** Guests whose invite link (or room) is gone: their sockets are closed and their seats, held ones too, freed. */
  disconnectGuests(
    match: (guest: { roomId: string; inviteId: string }) => boolean,
    sockets: SignalingSocket[],
    reason: string,
  ): void {
    for (const socket of sockets) socket.shutdown(SignalingCloseCode.Unauthorized, reason);
    for (const seat of this.presence.all()) if (seat.user.guest && match(seat.user.guest)) this.vacate(seat);
  }

  /** The seat leaves for good: freed, no longer resumable, the others told. */
  private vacate(seat: Seat): void {
    if (this.presence.vacate(seat)) {
      this.delivery.toRoom(seat.roomId, { event: 'peer-leave', data: { peerId: seat.id } });
      this.seatEvents.released(seat.roomId, seat.id);
    }
  }

  private async admit(socket: SignalingSocket, data: ClientEventMap['join']): Promise<Refusal | null> {
    const account = await this.credentials.recheck(socket.user);
    if (account !== 'valid') {
      const code = account === 'revoked' ? SignalingCloseCode.Unauthorized : SignalingCloseCode.Forbidden;
      socket.shutdown(
        code,
        account === 'revoked' ? (socket.user.guest ? 'invite revoked' : 'session revoked') : 'account disabled',
      );
      return null;
    }
    if (!socket.isOpen) return null;
    if (data.resumeToken && (await this.resume(socket, data.resumeToken, data.roomId))) return null;
    const admission = await this.rooms.admit(data.roomId, data.password, socket.user);
    if (!socket.isOpen) return null;
    if (!admission.ok) return admissionRefusal(admission);
    const { room } = admission;
    if (admission.mustWait) return this.waiting.knock(socket, room, () => this.seat(socket, room));
    return this.seat(socket, room);
  }

  /** Takes a seat for an admitted socket, if the room has one free, and tells everyone. */
  private async seat(socket: SignalingSocket, room: { id: string; capacity: number }): Promise<Refusal | null> {
    if (!socket.isOpen) return null;
    // No socket until the welcome is sent: frames for the seat meanwhile wait in its queue.
    const seat = new Seat(socket.user, room.id, room.capacity, null, this.seatLimits());
    if (!(await this.presence.claim(seat))) {
      return refuse(SignalingErrorCode.RoomFull, `the room is full (${room.capacity} people)`);
    }
    let peers: PeerInfo[];
    try {
      // A removal may have barred the account while it was being admitted, too late to find this seat.
      const barred = await this.bans.isBarred(room.id, socket.user.id);
      if (barred) {
        this.abandon(seat);
        return admissionRefusal({ ok: false, code: 'barred' });
      }
      peers = await this.presence.roster(room.id);
    } catch (error) {
      this.abandon(seat);
      throw error;
    }
    if (!socket.isOpen) {
      this.abandon(seat);
      return null;
    }
    seat.attach(socket.outbox);
    socket.seat = seat;
    this.welcome(socket, seat, false, peers);
    seat.flush();
    this.delivery.toRoom(seat.roomId, { event: 'new-peer', data: { peer: seat.info() } }, seat.id);
    this.seatEvents.joined(seat);
    this.metrics.countJoinStage('joined');
    this.waiting.greetHost(socket);
    this.refreshTurn(seat);
    return null;
  }

  /**
   * A claimed seat given up before its welcome. Nobody was announced it, but a peer welcomed meanwhile
   * found it in its roster: the room hears it is gone (no call record was opened for it).
   */
  private abandon(seat: Seat): void {
    if (this.presence.vacate(seat)) {
      this.delivery.toRoom(seat.roomId, { event: 'peer-leave', data: { peerId: seat.id } });
    }
  }

  /** Seats the socket again in the seat behind `token`, wherever it was held; false when there is none. */
  private async resume(socket: SignalingSocket, token: string, roomId: string): Promise<boolean> {
    const peers = await this.presence.roster(roomId);
    const seat = await this.presence.resume(token, socket.user, roomId, socket.outbox, this.seatLimits());
    if (!seat) return false;
    socket.seat = seat;
    this.welcome(socket, seat, true, peers);
    seat.flush();
    this.waiting.greetHost(socket);
    this.delivery.toRoom(seat.roomId, { event: 'peer-updated', data: { peer: seat.info() } }, seat.id);
    // A seat that moved here from another instance arrives without its refresh timer.
    if (!seat.refreshingTurn) this.refreshTurn(seat);
    return true;
  }

  private refreshTurn(seat: Seat): void {
    if (!this.turn.configured) return;
    // Refresh at 80% of the lifetime so clients never hold expired credentials.
    seat.refreshTurn(this.config.turnTtlSeconds * 800, () => ({
      event: 'turn-credentials',
      data: { iceServers: this.turn.credentials(seat.user.id).iceServers },
    }));
  }

  private relayed(message: RelayMessage, delivered: boolean): Refusal | null {
    if (!delivered) return refuse(SignalingErrorCode.PeerNotFound, 'no such peer in your room');
    this.metrics.countRelayed(message.event);
    return null;
  }

  private seatLimits(): SeatLimits {
    return {
      resumeWindowMs: this.config.signaling.resumeWindowMs,
      maxQueuedFrames: MAX_QUEUED_FRAMES,
      maxQueuedBytes: MAX_QUEUED_BYTES,
    };
  }

  /** `peers`: the room as it stood once the seat was taken; the seat itself is left out. */
  private welcome(socket: SignalingSocket, seat: Seat, resumed: boolean, peers: PeerInfo[]): void {
    const { resumeWindowMs, pingIntervalMs } = this.config.signaling;
    socket.send({
      event: 'resp-join',
      data: {
        roomId: seat.roomId,
        selfId: seat.id,
        peers: peers.filter((peer) => peer.peerId !== seat.id),
        capacity: seat.capacity,
        iceServers: this.turn.credentials(seat.user.id).iceServers,
        resumeToken: seat.resumeToken,
        resumed,
        resumeWindowMs,
        keepaliveIntervalMs: pingIntervalMs,
      },
    });
  }
}
