import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { REDIS } from '../redis/redis.module';
import type { RedisConnection } from '../redis/redis-connection';

/** Counters each instance keeps for itself. */
export interface OwnStats {
  sockets: number;
  relayedPerMinute: number;
}

/**
 * Sums this instance's counters with the other instances' (Redis hash `stats`, one field per instance,
 * refreshed at every heartbeat sweep). A field older than three sweeps belongs to a dead instance and
 * is dropped. Without Redis, this instance is the whole deployment.
 */
@Injectable()
export class InstanceStats {
  private readonly logger = new Logger('InstanceStats');

  constructor(
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: RedisConnection | null,
  ) {}

  /** Publishes this instance's counters; a failure only makes the sum older. */
  report(own: OwnStats): void {
    this.write(own).catch((error: unknown) => this.logger.warn(`could not report stats: ${String(error)}`));
  }

  async sum(own: OwnStats): Promise<OwnStats> {
    const redis = this.redis;
    if (!redis) return own;
    await this.write(own);
    const fields = await redis.client.hGetAll(redis.key('stats'));
    const oldest = Date.now() - this.staleAfterMs();
    const total: OwnStats = { sockets: 0, relayedPerMinute: 0 };
    for (const [instance, raw] of Object.entries(fields)) {
      const entry = parseEntry(raw);
      if (!entry || entry.at < oldest) {
        await redis.client.hDel(redis.key('stats'), instance);
        continue;
      }
      total.sockets += entry.sockets;
      total.relayedPerMinute += entry.relayedPerMinute;
    }
    return total;
  }

  private async write(own: OwnStats): Promise<void> {
    const redis = this.redis;
    if (!redis) return;
    const key = redis.key('stats');
    await redis.client.hSet(key, redis.instanceId, JSON.stringify({ ...own, at: Date.now() }));
    await redis.client.pExpire(key, this.staleAfterMs());
  }

  private staleAfterMs(): number {
    return this.config.signaling.pingIntervalMs * 3;
  }
}

function parseEntry(raw: string): (OwnStats & { at: number }) | null {
  try {
    const value = JSON.parse(raw) as Record<string, unknown>;
    const { sockets, relayedPerMinute, at } = value;
    if (typeof sockets !== 'number' || typeof relayedPerMinute !== 'number' || typeof at !== 'number') return null;
    return { sockets, relayedPerMinute, at };
  } catch {
    return null;
  }
}
