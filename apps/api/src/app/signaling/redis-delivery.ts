import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { parseServerMessage, ServerMessage } from '@webrtc-call/signaling-contracts';
import { AppConfig } from '../../config/app-config';
import { Presence, PRESENCE } from '../presence/presence';
import { SEND, SEND_ROOM } from '../presence/presence-scripts';
import { REDIS } from '../redis/redis.module';
import type { RedisConnection } from '../redis/redis-connection';
import type { Delivery } from './delivery';
import { MAX_QUEUED_BYTES, MAX_QUEUED_FRAMES } from './signaling.service';
import { parseJsonObject } from '../../common/json-object';

/**
 * Envelopes between instances: a one-line JSON header naming the room and whom the frame is for, a
 * newline, then the frame as the JSON the client will get. JSON text holds no raw newline, so the first
 * one ends the header, and the frame travels as it is, not encoded a second time inside the header.
 */
interface Header {
  r: string;
  /** to this peer only */ p?: string;
  /** to every local seat of the room but this one */ x?: string;
}

/** A frame waiting for the end of the turn to leave for Redis with the others. */
interface Outgoing {
  roomId: string;
  peerId: string;
  frame: string;
  queueOnly: boolean;
  done: (sent: boolean) => void;
  fail: (error: unknown) => void;
}

/** One script call carries at most this much; more in one turn leaves in several. */
const MAX_BATCH_FRAMES = 64;
const MAX_BATCH_BYTES = 256 * 1024;

/**
 * Delivery between instances: seats of this instance get frames straight away; for the others, one Lua
 * script publishes each frame once to every instance that has a seat concerned (its own channel
 * `to:<instance>`), or queues it in Redis for a seat whose instance is gone. The frames for single
 * peers of one turn of the event loop share one script call, and each instance gets its share in one
 * message. Frames from one sender leave in order on one connection and arrive in order.
 */
@Injectable()
export class RedisDelivery implements Delivery, OnModuleInit {
  private readonly logger = new Logger('Delivery');
  private subscribed = false;
  /** Frames for other instances not yet handed to Redis (one turn's worth), and how many await it. */
  private outgoing: Outgoing[] = [];
  private outgoingBytes = 0;
  private waiting = 0;
  private readonly maxWaiting: number;

  constructor(
    private readonly config: AppConfig,
    @Inject(PRESENCE) private readonly presence: Presence,
    @Inject(REDIS) private readonly redis: RedisConnection,
  ) {
    this.maxWaiting = config.redis?.maxWaitingCommands ?? Infinity;
  }

  onModuleInit(): void {
    this.redis.onReady(() => void this.subscribe());
  }

  toPeer(roomId: string, peerId: string, message: ServerMessage): boolean | Promise<boolean> {
    const seat = this.presence.member(roomId, peerId);
    if (seat && !seat.isHeld) {
      seat.deliver(message);
      return true;
    }
    return this.send(roomId, peerId, message, seat !== undefined);
  }

  toRoom(roomId: string, message: ServerMessage, exceptPeerId?: string): void {
    // Frames to single peers still waiting for the end of the turn leave first: Redis keeps the order.
    this.flush();
    // Held seats, this instance's too, are queued in Redis by the script: a resume may come anywhere.
    for (const seat of this.presence.members(roomId)) {
      if (seat.id !== exceptPeerId && !seat.isHeld) seat.deliver(message);
    }
    const frame = JSON.stringify(message);
    const header = headerLine({ r: roomId, x: exceptPeerId });
    const args = [this.redis.instanceId, exceptPeerId ?? '', header, frame, this.redis.key(), ...this.bounds()];
    this.redis
      .script(SEND_ROOM, [this.redis.key('room', roomId)], args)
      .catch((error: unknown) => this.logger.warn(`a frame to room ${roomId} was lost: ${String(error)}`));
  }

  /**
   * Through Redis to the seat's instance, or into its queue there (`queueOnly`: it is held here). The
   * frames of one turn of the event loop leave together, in one script call; past
   * `maxWaitingCommands` frames still waiting for Redis, more are refused at once.
   */
  private send(roomId: string, peerId: string, message: ServerMessage, queueOnly: boolean): Promise<boolean> {
    if (this.waiting >= this.maxWaiting) return Promise.reject(new Error('too many frames wait for Redis'));
    const frame = JSON.stringify(message);
    return new Promise((done, fail) => {
      if (this.outgoing.length === 0) process.nextTick(this.flush);
      this.outgoing.push({ roomId, peerId, frame, queueOnly, done, fail });
      this.outgoingBytes += frame.length;
      this.waiting++;
      if (this.outgoing.length >= MAX_BATCH_FRAMES || this.outgoingBytes >= MAX_BATCH_BYTES) this.flush();
    });
  }

  private readonly flush = (): void => {
    const batch = this.outgoing;
    if (batch.length === 0) return;
    this.outgoing = [];
    this.outgoingBytes = 0;
    const args: Array<string | number> = [this.redis.key(), ...this.bounds()];
    for (const { roomId, peerId, frame, queueOnly } of batch) {
      args.push(peerId, headerLine({ r: roomId, p: peerId }), frame, queueOnly ? 1 : 0);
    }
    const settled = () => (this.waiting -= batch.length);
    const rooms = batch.map(({ roomId }) => this.redis.key('room', roomId));
    this.redis.script(SEND, rooms, args).then(
      (results) => {
        settled();
        batch.forEach(({ done }, i) => done(Array.isArray(results) && results[i] === 1));
      },
      (error: unknown) => {
        settled();
        for (const { fail } of batch) fail(error);
      },
    );
  };

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

  /**
   * Envelopes from another instance (one or several, each a header line then a frame line): as
   * untrusted as client frames, each checked before anything is delivered.
   */
  private received(raw: string): void {
    const lines = raw.split('\n');
    if (lines.length % 2 !== 0) lines.push('');
    for (let i = 0; i < lines.length; i += 2) this.receivedOne(lines[i], lines[i + 1]);
  }

  private receivedOne(headerText: string, frame: string): void {
    const envelope = parseHeader(headerText);
    const parsed = envelope ? parseServerMessage(frame) : null;
    if (!envelope || !parsed?.ok) {
      this.logger.warn(
        `dropped a malformed frame from Redis: ${parsed && !parsed.ok ? parsed.reason : 'bad envelope'}`,
      );
      return;
    }
    const targets =
      envelope.p !== undefined
        ? [this.presence.member(envelope.r, envelope.p)].filter((seat) => seat !== undefined)
        : this.presence.members(envelope.r).filter((seat) => seat.id !== envelope.x);
    // A held seat keeps what reaches it here (sent before Redis knew it was held) until its resume.
    for (const seat of targets) seat.deliver(parsed.message);
  }
}

/** The header and the newline that ends it; the scripts publish it followed by the frame. */
const headerLine = (header: Header): string => `${JSON.stringify(header)}\n`;

function parseHeader(raw: string): Header | null {
  const value = parseJsonObject(raw);
  if (!value) return null;
  const { r, p, x } = value;
  if (typeof r !== 'string') return null;
  if (p !== undefined && typeof p !== 'string') return null;
  if (x !== undefined && typeof x !== 'string') return null;
  return { r, ...(p === undefined ? {} : { p }), ...(x === undefined ? {} : { x }) };
}
