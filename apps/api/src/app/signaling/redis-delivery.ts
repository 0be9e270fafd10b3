import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { parseServerMessage, ServerMessage } from '@webrtc-call/signaling-contracts';
import { AppConfig } from '../../config/app-config';
import { Presence, PRESENCE } from '../presence/presence';
import { SEND, SEND_ROOM } from '../presence/presence-scripts';
import { REDIS } from '../redis/redis.module';
import type { RedisConnection } from '../redis/redis-connection';
import type { Delivery } from './delivery';
import { MAX_QUEUED_BYTES, MAX_QUEUED_FRAMES } from './signaling.service';

/** Envelopes between instances: the frame travels as the JSON the client will get. */
interface Envelope {
  r: string;
  /** to this peer only */ p?: string;
  /** to every local seat of the room but this one */ x?: string;
  m: string;
}

/**
 * Delivery between instances: seats of this instance get frames straight away; for the others, one Lua
 * script publishes each frame once to every instance that has a seat concerned (its own channel
 * `to:<instance>`), or queues it in Redis for a seat whose instance is gone. Frames from one sender
 * leave in order on one connection and arrive in order.
 */
@Injectable()
export class RedisDelivery implements Delivery, OnModuleInit {
  private readonly logger = new Logger('Delivery');
  private subscribed = false;

  constructor(
    private readonly config: AppConfig,
    @Inject(PRESENCE) private readonly presence: Presence,
    @Inject(REDIS) private readonly redis: RedisConnection,
  ) {}

  onModuleInit(): void {
    this.redis.onReady(() => void this.subscribe());
  }

  toPeer(roomId: string, peerId: string, message: ServerMessage): boolean | Promise<boolean> {
    const seat = this.presence.member(roomId, peerId);
    if (seat) {
      seat.deliver(message);
      return true;
    }
    const frame = JSON.stringify(message);
    const envelope = JSON.stringify({ r: roomId, p: peerId, m: frame } satisfies Envelope);
    return this.redis
      .script(SEND, [this.redis.key('room', roomId)], [peerId, envelope, frame, this.redis.key(), ...this.bounds()])
      .then((sent) => sent === 1);
  }

  toRoom(roomId: string, message: ServerMessage, exceptPeerId?: string): void {
    for (const seat of this.presence.members(roomId)) if (seat.id !== exceptPeerId) seat.deliver(message);
    const frame = JSON.stringify(message);
    const envelope = JSON.stringify({ r: roomId, x: exceptPeerId, m: frame } satisfies Envelope);
    const args = [this.redis.instanceId, exceptPeerId ?? '', envelope, frame, this.redis.key(), ...this.bounds()];
    this.redis
      .script(SEND_ROOM, [this.redis.key('room', roomId)], args)
      .catch((error: unknown) => this.logger.warn(`a frame to room ${roomId} was lost: ${String(error)}`));
  }

  /** Queue bounds as in memory; queued frames live as long as a resume could still come. */
  private bounds(): number[] {
    const ttlMs = this.config.signaling.resumeWindowMs + (this.config.redis?.instanceTtlMs ?? 0) * 2;
    return [MAX_QUEUED_FRAMES, MAX_QUEUED_BYTES, Math.max(ttlMs, 1000)];
  }

  private async subscribe(): Promise<void> {
    if (this.subscribed) return;
    this.subscribed = true;
    try {
      await this.redis.subscriber.subscribe(this.redis.key('to', this.redis.instanceId), (raw) => this.received(raw));
    } catch (error: unknown) {
      this.subscribed = false;
      this.logger.warn(`could not subscribe: ${String(error)}`);
    }
  }

  /** An envelope from another instance: as untrusted as a client frame, checked before anything is delivered. */
  private received(raw: string): void {
    const envelope = parseEnvelope(raw);
    const parsed = envelope ? parseServerMessage(envelope.m) : null;
    if (!envelope || !parsed?.ok) {
      this.logger.warn(
        `dropped a malformed frame from Redis: ${parsed && !parsed.ok ? parsed.reason : 'bad envelope'}`,
      );
      return;
    }
    if (envelope.p !== undefined) {
      this.presence.member(envelope.r, envelope.p)?.deliver(parsed.message);
      return;
    }
    for (const seat of this.presence.members(envelope.r)) if (seat.id !== envelope.x) seat.deliver(parsed.message);
  }
}

function parseEnvelope(raw: string): Envelope | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { r, p, x, m } = value as Record<string, unknown>;
  if (typeof r !== 'string' || typeof m !== 'string') return null;
  if (p !== undefined && typeof p !== 'string') return null;
  if (x !== undefined && typeof x !== 'string') return null;
  return { r, m, ...(p === undefined ? {} : { p }), ...(x === undefined ? {} : { x }) };
}
