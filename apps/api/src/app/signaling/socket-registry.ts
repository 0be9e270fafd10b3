import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AdminStats, SignalingCloseCode } from '@webrtc-call/signaling-contracts';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { Presence, PRESENCE } from '../presence/presence';
import { InstanceStats } from './instance-stats';
import { FrameParser, SignalingSocket } from './signaling-socket';
import { SignalingService } from './signaling.service';
import type { PeerTransport } from './transports';
import { UpgradeGate } from './upgrade-gate';

/**
 * Every open signaling socket of this instance, by user: it admits upgraded sockets, wires their
 * frames to the room rules, pings them and closes the silent ones.
 */
@Injectable()
export class SocketRegistry implements OnModuleInit, OnModuleDestroy {
  private readonly byUser = new Map<string, Set<SignalingSocket>>();
  private readonly bySocket = new WeakMap<WebSocket, SignalingSocket>();
  private count = 0;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly gate: UpgradeGate,
    private readonly rules: SignalingService,
    private readonly metrics: MetricsService,
    @Inject(PRESENCE) private readonly presence: Presence,
    private readonly stats: InstanceStats,
  ) {}

  onModuleInit(): void {
    this.heartbeat = setInterval(() => this.sweep(), this.config.signaling.pingIntervalMs);
    this.heartbeat.unref();
    this.metrics.gauge('signaling_sockets', 'Open signaling sockets', () => this.count);
  }

  onModuleDestroy(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
  }

  /** Takes an upgraded socket whose credential the gate checked, unless its user has too many open. */
  accept(ws: WebSocket, request: IncomingMessage, transport: PeerTransport, parse: FrameParser): void {
    const user = this.gate.userOf(request);
    if (!user) return transport.close(SignalingCloseCode.Unauthorized, 'unauthorized');
    const { maxSocketsPerUser, ratePerSecond, rateBurst, maxRateViolations } = this.config.signaling;
    const mine = this.byUser.get(user.id) ?? new Set<SignalingSocket>();
    if (mine.size >= maxSocketsPerUser) {
      return transport.close(SignalingCloseCode.TooManySockets, 'too many open sockets for this account');
    }
    const socket = new SignalingSocket(user, transport, parse, this.rules, this.metrics, {
      ratePerSecond,
      rateBurst,
      maxViolations: maxRateViolations,
    });
    mine.add(socket);
    this.byUser.set(user.id, mine);
    this.bySocket.set(ws, socket);
    this.count++;
    this.metrics.countJoinStage('socket-connected');
    ws.on('message', (data, isBinary) => socket.receive(data, isBinary));
    ws.on('pong', () => socket.alive());
  }

  /** The socket closed, for whatever reason. */
  release(ws: WebSocket): void {
    const socket = this.bySocket.get(ws);
    if (!socket) return;
    this.bySocket.delete(ws);
    const mine = this.byUser.get(socket.user.id);
    if (mine?.delete(socket)) this.count--;
    if (mine?.size === 0) this.byUser.delete(socket.user.id);
    this.rules.socketLost(socket);
  }

  /** The account lost access: 4401 when its tokens were revoked, 4403 when it was disabled or deleted. */
  disconnectUser(userId: string, code: number, reason: string): void {
    this.rules.disconnectUser(userId, [...(this.byUser.get(userId) ?? [])], code, reason);
  }

  /** Guests whose invite link was revoked or whose room was deleted: 4401. */
  disconnectGuests(match: (guest: { roomId: string; inviteId: string }) => boolean, reason: string): void {
    const sockets = [...this.byUser.values()].flatMap((mine) =>
      [...mine].filter((socket) => socket.user.guest && match(socket.user.guest)),
    );
    this.rules.disconnectGuests(match, sockets, reason);
  }

  /** Over every instance. */
  async liveStats(): Promise<Pick<AdminStats, 'sockets' | 'rooms' | 'participants' | 'relayedPerMinute'>> {
    const [{ rooms, participants }, { sockets, relayedPerMinute }] = await Promise.all([
      this.presence.totals(),
      this.stats.sum(this.ownStats()),
    ]);
    return { sockets, rooms, participants, relayedPerMinute };
  }

  private ownStats(): { sockets: number; relayedPerMinute: number } {
    return { sockets: this.count, relayedPerMinute: this.metrics.relayedPerMinute() };
  }

  /** Pings every socket; one silent for longer than the idle timeout is dropped and its seat freed. */
  sweep(nowMs = Date.now()): void {
    this.stats.report(this.ownStats());
    const { idleTimeoutMs } = this.config.signaling;
    for (const sockets of this.byUser.values()) {
      for (const socket of sockets) {
        if (nowMs - socket.lastSeenMs > idleTimeoutMs) socket.terminate();
        else socket.ping();
      }
    }
  }
}
