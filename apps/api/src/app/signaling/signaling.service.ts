import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import {
  ClientEventMap,
  ParseResult,
  PeerInfo,
  RelayMessage,
  ServerMessage,
  SignalingCloseCode,
  SignalingErrorCode,
} from '@webrtc-call/signaling-contracts';
import type { AuthUser } from '../../common/auth-user';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { Peer, PeerTransport, toPeerInfo } from '../presence/peer';
import { RoomRegistry } from '../presence/room-registry';
import { Refusal, RoomsService } from '../rooms/rooms.service';
import { TurnService } from '../turn/turn.service';
import { Connection, unseat } from './connection';
import { PeerMailbox } from './peer-mailbox';
import { SeatReservations } from './seat-reservations';

type Ref = string | number | undefined;

/** The signaling protocol: rooms, relay, resume. Transports (native JSON, compat dialect) feed it parsed frames. */
@Injectable()
export class SignalingService implements OnModuleDestroy {
  private readonly logger = new Logger(SignalingService.name);
  private readonly connections = new Set<Connection>();

  constructor(
    private readonly config: AppConfig,
    private readonly rooms: RoomsService,
    private readonly registry: RoomRegistry,
    private readonly turn: TurnService,
    private readonly mailbox: PeerMailbox,
    private readonly metrics: MetricsService,
    private readonly seats: SeatReservations,
  ) {}

  /** Seats held for a resume die with the process; their timers must not keep it alive. */
  onModuleDestroy(): void {
    for (const peer of this.seats.all()) this.discard(peer);
  }

  /** Registers a new authenticated socket, or closes it when the user has too many. */
  open(user: AuthUser, transport: PeerTransport): Connection | null {
    const { maxSocketsPerUser, ratePerSecond, rateBurst } = this.config.signaling;
    if (this.registry.userSockets(user.id).length >= maxSocketsPerUser) {
      transport.close(SignalingCloseCode.TooManySockets, 'too many open sockets for this account');
      return null;
    }
    const conn = new Connection(user, transport, { perSecond: ratePerSecond, burst: rateBurst });
    this.connections.add(conn);
    this.registry.socketOpened(user.id, conn);
    return conn;
  }

  /** The socket is gone: its peer waits for a resume, unless it left, timed out or resuming is off. */
  closed(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    this.registry.socketClosed(conn.user.id, conn);
    const peer = conn.peer;
    conn.peer = null;
    if (!peer || peer.transport !== conn.transport) return;
    if (conn.timedOut || !this.seats.enabled) return this.removePeer(peer);
    this.seats.hold(peer, () => this.removePeer(peer));
    this.broadcast(peer, { event: 'peer-updated', data: { peer: toPeerInfo(peer) } });
  }

  frame(conn: Connection, parsed: ParseResult): void {
    const now = Date.now();
    conn.lastSeenMs = now;
    if (!conn.take(now)) return this.error(conn, SignalingErrorCode.RateLimited, 'slow down', parsed.ref);
    if (!parsed.ok) return this.error(conn, parsed.code, parsed.message, parsed.ref);
    const { message, ref } = parsed;
    switch (message.event) {
      case 'join':
        this.join(conn, message.data, ref).catch((error: unknown) => {
          conn.joining = false;
          this.logger.error(`join failed: ${error instanceof Error ? error.stack : String(error)}`);
          this.error(conn, SignalingErrorCode.RoomNotFound, 'the room could not be opened, try again', ref);
        });
        return;
      case 'offer':
      case 'answer':
      case 'candidate':
        return this.relay(conn, message, ref);
      case 'leave':
        if (!conn.peer) return this.error(conn, SignalingErrorCode.NotInRoom, 'you are not in a room', ref);
        return this.leave(conn);
      case 'keepalive':
        return conn.send({ event: 'keepalive', data: {} });
      case 'mute': {
        const peer = conn.peer;
        if (!peer) return this.error(conn, SignalingErrorCode.NotInRoom, 'join a room first', ref);
        peer.audio = message.data.audio;
        peer.video = message.data.video;
        return this.broadcast(peer, { event: 'peer-updated', data: { peer: toPeerInfo(peer) } });
      }
      case 'chat': {
        const peer = conn.peer;
        if (!peer) return this.error(conn, SignalingErrorCode.NotInRoom, 'join a room first', ref);
        const chat: ServerMessage = {
          event: 'chat',
          data: { from: peer.id, text: message.data.text, at: new Date(now).toISOString() },
        };
        for (const member of this.registry.members(peer.roomId)) this.mailbox.deliver(member, chat);
        return;
      }
    }
  }

  /** Seconds-resolution liveness: pings every socket, closes the silent ones. Called by the heartbeat timer. */
  sweep(now = Date.now()): void {
    const { idleTimeoutMs } = this.config.signaling;
    for (const conn of this.connections) {
      if (now - conn.lastSeenMs > idleTimeoutMs) {
        conn.timedOut = true;
        conn.transport.terminate();
      } else {
        conn.transport.ping();
      }
    }
  }

  /** A pong or any frame proves the socket is alive. */
  alive(conn: Connection): void {
    conn.lastSeenMs = Date.now();
  }

  kick(roomId: string, peerId: string, reason: string): boolean {
    const peer = this.registry.member(roomId, peerId);
    if (!peer) return false;
    this.mailbox.deliver(peer, { event: 'kicked', data: { reason } });
    unseat(peer, this.connections);
    this.removePeer(peer);
    return true;
  }

  /** Who sits in `roomId` under `peerId`, or null. */
  participant(roomId: string, peerId: string): PeerInfo | null {
    const peer = this.registry.member(roomId, peerId);
    return peer ? toPeerInfo(peer) : null;
  }

  /** Removes every seat of `userId` in `roomId` (each is told `kicked`); returns how many there were. */
  expel(roomId: string, userId: string, reason: string): number {
    const peers = this.registry.members(roomId).filter((peer) => peer.user.id === userId);
    for (const peer of peers) this.kick(roomId, peer.id, reason);
    return peers.length;
  }

  closeRoom(roomId: string): number {
    const members = this.registry.members(roomId);
    for (const peer of members) {
      this.mailbox.deliver(peer, { event: 'room-closed', data: { roomId } });
      unseat(peer, this.connections);
      this.discard(peer);
    }
    return members.length;
  }

  disconnectUser(userId: string, code: number = SignalingCloseCode.Forbidden, reason = 'account disabled'): number {
    const sockets = this.registry.userSockets(userId);
    for (const socket of sockets) {
      if (socket instanceof Connection) socket.timedOut = true;
      socket.close(code, reason);
    }
    for (const peer of this.seats.heldFor(userId)) this.removePeer(peer);
    return sockets.length;
  }

  liveStats(): { sockets: number; rooms: number; participants: number; relayedPerMinute: number } {
    return {
      sockets: this.registry.socketCount(),
      rooms: this.registry.roomCount(),
      participants: this.registry.totalParticipants(),
      relayedPerMinute: this.mailbox.relayedPerMinute(),
    };
  }

  private async join(conn: Connection, data: ClientEventMap['join'], ref: Ref): Promise<void> {
    if (conn.peer || conn.joining) {
      return this.error(conn, SignalingErrorCode.AlreadyInRoom, 'leave the current room before joining another', ref);
    }
    if (data.resumeToken && this.resume(conn, data.roomId, data.resumeToken)) return;
    conn.joining = true;
    const admission = await this.rooms.admit(data.roomId, data.password, conn.user.id);
    conn.joining = false;
    if (!conn.transport.isOpen || !this.connections.has(conn)) return;
    if (!admission.ok) {
      const retry = admission.code === 'rate-limited' ? { retryAfterSeconds: admission.retryAfterSeconds } : {};
      return this.error(conn, admission.code, refusalMessage(admission), ref, retry);
    }
    const { room } = admission;
    if (this.registry.participantCount(room.id) >= room.capacity) {
      return this.error(conn, SignalingErrorCode.RoomFull, `the room is full (${room.capacity} people)`, ref);
    }
    const peer = this.seats.reserve(conn, room);
    this.registry.add(peer);
    this.sendJoined(conn, peer, false);
    this.broadcast(peer, { event: 'new-peer', data: { peer: toPeerInfo(peer) } });
    this.scheduleTurnRefresh(peer);
  }

  /** Gives a reconnecting client its seat back: same peerId, queued frames delivered, no leave/join seen by others. */
  private resume(conn: Connection, roomId: string, token: string): boolean {
    const peer = this.seats.reclaim(conn, roomId, token, this.connections);
    if (!peer) return false;
    this.sendJoined(conn, peer, true);
    this.mailbox.flush(peer);
    this.broadcast(peer, { event: 'peer-updated', data: { peer: toPeerInfo(peer) } });
    return true;
  }

  private sendJoined(conn: Connection, peer: Peer, resumed: boolean): void {
    const others = this.registry.members(peer.roomId).filter((member) => member !== peer);
    conn.send({
      event: 'resp-join',
      data: {
        roomId: peer.roomId,
        selfId: peer.id,
        peers: others.map(toPeerInfo),
        capacity: peer.roomCapacity,
        iceServers: this.turn.credentials(conn.user.id).iceServers,
        resumeToken: peer.resumeToken,
        resumed,
        resumeWindowMs: this.config.signaling.resumeWindowMs,
        keepaliveIntervalMs: this.config.signaling.pingIntervalMs,
      },
    });
  }

  private relay(conn: Connection, message: RelayMessage, ref: Ref): void {
    const peer = conn.peer;
    if (!peer) return this.error(conn, SignalingErrorCode.NotInRoom, 'join a room before signaling', ref);
    const target = this.registry.member(peer.roomId, message.data.to);
    if (!target || target === peer) {
      return this.error(conn, SignalingErrorCode.PeerNotFound, 'no such peer in your room', ref);
    }
    this.mailbox.relay(peer, target, message);
  }

  private leave(conn: Connection): void {
    const peer = conn.peer;
    conn.peer = null;
    if (peer) this.removePeer(peer);
  }

  /** The peer leaves for good: seat freed, resume impossible, the others told. */
  private removePeer(peer: Peer): void {
    if (!this.discard(peer)) return;
    this.broadcast(peer, { event: 'peer-leave', data: { peerId: peer.id } });
  }

  private discard(peer: Peer): boolean {
    this.seats.release(peer);
    if (peer.turnTimer) clearTimeout(peer.turnTimer);
    peer.turnTimer = null;
    const wasMember = this.registry.member(peer.roomId, peer.id) === peer;
    this.registry.remove(peer);
    return wasMember;
  }

  private broadcast(from: Peer, message: ServerMessage): void {
    for (const member of this.registry.members(from.roomId)) if (member !== from) this.mailbox.deliver(member, message);
  }

  private scheduleTurnRefresh(peer: Peer): void {
    if (!this.turn.configured) return;
    // Refresh at 80% of the lifetime so clients never hold expired credentials.
    const delayMs = this.config.turnTtlSeconds * 800;
    peer.turnTimer = setTimeout(() => {
      const { iceServers } = this.turn.credentials(peer.user.id);
      this.mailbox.deliver(peer, { event: 'turn-credentials', data: { iceServers } });
      this.scheduleTurnRefresh(peer);
    }, delayMs);
    peer.turnTimer.unref();
  }

  private error(
    conn: Connection,
    code: SignalingErrorCode,
    message: string,
    ref: Ref,
    extra: { retryAfterSeconds?: number } = {},
  ): void {
    this.metrics.countSignalingError(code);
    conn.send({
      event: 'error',
      data: ref === undefined ? { code, message, ...extra } : { code, message, ref, ...extra },
    });
  }
}

const REFUSALS: Record<Exclude<Refusal['code'], 'rate-limited'>, string> = {
  'room-not-found': 'no room with this id',
  'room-locked': 'the room is locked: nobody new can join',
  'room-password': 'wrong or missing room password',
  barred: 'you were removed from this room and may not rejoin',
};

function refusalMessage(refusal: Refusal): string {
  if (refusal.code !== 'rate-limited') return REFUSALS[refusal.code];
  return `too many wrong room passwords: try again in ${refusal.retryAfterSeconds} s`;
}
