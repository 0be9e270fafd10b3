import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource, LessThan } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { Call } from './call.entity';
import { CallLeg } from './call-leg.entity';
import { CallParticipant } from './call-participant.entity';

export const PURGE_INTERVAL_MS = 6 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** Deletes call records CALL_RETENTION_DAYS after their call ended: at start, then every few hours. */
@Injectable()
export class CallRetention implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CallRetention.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    void this.purgeLogged();
    this.timer = setInterval(() => void this.purgeLogged(), PURGE_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Deletes calls that ended before the cutoff, with their participants and legs; returns how many calls. */
  async purge(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.callRetentionDays * DAY_MS);
    return this.dataSource.transaction(async (manager) => {
      const old = await manager.find(Call, { select: { id: true }, where: { endedAt: LessThan(cutoff) } });
      if (old.length === 0) return 0;
      // Explicit as well as through the cascade: a SQLite file opened without foreign keys on has no cascade.
      for (let i = 0; i < old.length; i += 500) {
        const ids = old.slice(i, i + 500).map((call) => call.id);
        await manager.createQueryBuilder().delete().from(CallLeg).where('"callId" IN (:...ids)', { ids }).execute();
        await manager
          .createQueryBuilder()
          .delete()
          .from(CallParticipant)
          .where('"callId" IN (:...ids)', { ids })
          .execute();
        await manager.createQueryBuilder().delete().from(Call).where('id IN (:...ids)', { ids }).execute();
      }
      return old.length;
    });
  }

  private async purgeLogged(): Promise<void> {
    try {
      const purged = await this.purge();
      if (purged > 0)
        this.logger.log(`deleted ${purged} call records older than ${this.config.callRetentionDays} days`);
    } catch (error: unknown) {
      this.logger.warn(`could not delete old call records: ${String(error)}`);
    }
  }
}
