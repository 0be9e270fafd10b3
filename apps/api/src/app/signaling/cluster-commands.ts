import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Observable, Subject } from 'rxjs';
import { REDIS } from '../redis/redis.module';
import type { RedisConnection } from '../redis/redis-connection';
import { parseJsonObject } from '../../common/json-object';

/** Administrative changes every instance applies to the seats and sockets it holds. */
export type ClusterCommand =
  | { kind: 'expel'; roomId: string; userId: string; reason: string }
  | { kind: 'close-room'; roomId: string }
  | { kind: 'disconnect'; userId: string; code: number; reason: string }
  /** Guests of a room, or of one invite link, lose their sockets (4401). */
  | { kind: 'disconnect-guests'; roomId?: string; inviteId?: string; reason: string };

/**
 * Carries administrative commands to every instance, this one included. They are rare (a kick, a
 * deleted room, a disabled account), so unlike frames they go to all instances.
 */
export interface ClusterCommands {
  publish(command: ClusterCommand): void;
  readonly commands$: Observable<ClusterCommand>;
}

export const CLUSTER_COMMANDS = Symbol('ClusterCommands');

/** One process: a command applies at once, here. */
export class LocalCommands implements ClusterCommands {
  private readonly subject = new Subject<ClusterCommand>();
  readonly commands$ = this.subject.asObservable();

  publish(command: ClusterCommand): void {
    this.subject.next(command);
  }
}

/** Several instances: the command goes through the Redis channel `commands`, and comes back here too. */
@Injectable()
export class RedisCommands implements ClusterCommands, OnModuleInit {
  private readonly subject = new Subject<ClusterCommand>();
  readonly commands$ = this.subject.asObservable();
  private readonly logger = new Logger('ClusterCommands');
  private subscribed = false;

  constructor(@Inject(REDIS) private readonly redis: RedisConnection) {}

  onModuleInit(): void {
    this.redis.onReady(() => void this.subscribe());
  }

  publish(command: ClusterCommand): void {
    this.redis.client
      .publish(this.redis.key('commands'), JSON.stringify(command))
      .catch((error: unknown) => this.logger.error(`could not publish ${command.kind}: ${String(error)}`));
  }

  private async subscribe(): Promise<void> {
    if (this.subscribed) return;
    this.subscribed = true;
    try {
      await this.redis.subscriber.subscribe(this.redis.key('commands'), (raw) => {
        const command = parseCommand(raw);
        if (command) this.subject.next(command);
        else this.logger.warn('dropped a malformed command from Redis');
      });
    } catch (error: unknown) {
      this.subscribed = false;
      this.logger.warn(`could not subscribe: ${String(error)}`);
    }
  }
}

export function parseCommand(raw: string): ClusterCommand | null {
  const v = parseJsonObject(raw);
  if (!v) return null;
  const text = (key: string) => typeof v[key] === 'string' && (v[key] as string).length <= 512;
  switch (v['kind']) {
    case 'expel':
      return text('roomId') && text('userId') && text('reason')
        ? { kind: 'expel', roomId: v['roomId'] as string, userId: v['userId'] as string, reason: v['reason'] as string }
        : null;
    case 'close-room':
      return text('roomId') ? { kind: 'close-room', roomId: v['roomId'] as string } : null;
    case 'disconnect':
      return text('userId') && text('reason') && Number.isInteger(v['code'])
        ? {
            kind: 'disconnect',
            userId: v['userId'] as string,
            code: v['code'] as number,
            reason: v['reason'] as string,
          }
        : null;
    case 'disconnect-guests': {
      const optional = (key: string) => v[key] === undefined || text(key);
      if (!text('reason') || !optional('roomId') || !optional('inviteId')) return null;
      if (v['roomId'] === undefined && v['inviteId'] === undefined) return null;
      return {
        kind: 'disconnect-guests',
        reason: v['reason'] as string,
        ...(v['roomId'] === undefined ? {} : { roomId: v['roomId'] as string }),
        ...(v['inviteId'] === undefined ? {} : { inviteId: v['inviteId'] as string }),
      };
    }
    default:
      return null;
  }
}
