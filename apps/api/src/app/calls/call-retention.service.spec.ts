import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { ENTITIES, MIGRATIONS } from '../../database/database.module';
import { Call } from './call.entity';
import { CallLeg } from './call-leg.entity';
import { CallParticipant } from './call-participant.entity';
import { CallRetention } from './call-retention.service';
import { emptyLeg } from './leg-aggregate';

const DAY = 24 * 3600 * 1000;
const NOW = new Date('2026-11-30T12:00:00Z');
const ROOM = '11111111-1111-4111-8111-111111111111';

describe('CallRetention', () => {
  let dataSource: DataSource;
  const config = (days?: string) =>
    AppConfig.fromEnvironment({ JWT_SECRET: 'x'.repeat(32), ...(days ? { CALL_RETENTION_DAYS: days } : {}) });

  /** A call of two with one leg, ended `endedDaysAgo` days before NOW (null: still going on). */
  const call = async (endedDaysAgo: number | null) => {
    const ended = endedDaysAgo === null ? null : new Date(NOW.getTime() - endedDaysAgo * DAY);
    const started = new Date((ended ?? NOW).getTime() - 3600 * 1000);
    const saved = await dataSource
      .getRepository(Call)
      .save({ roomId: ROOM, roomName: 'r', startedAt: started, endedAt: ended });
    const people = dataSource.getRepository(CallParticipant);
    const person = (peerId: string) =>
      people.save({
        callId: saved.id,
        peerId,
        userId: null,
        displayName: peerId,
        guest: true,
        joinedAt: started,
        leftAt: ended,
      });
    const [a, b] = [await person('a'), await person('b')];
    await dataSource
      .getRepository(CallLeg)
      .save({ ...emptyLeg(), callId: saved.id, aId: a.id, bId: b.id, startedAt: started, version: 0 });
    return saved.id;
  };

  beforeEach(async () => {
    dataSource = new DataSource({ type: 'sqlite', database: ':memory:', entities: ENTITIES, migrations: MIGRATIONS });
    await dataSource.initialize();
    await dataSource.runMigrations();
  });
  afterEach(() => dataSource.destroy());

  it('deletes calls that ended more than CALL_RETENTION_DAYS ago, with their participants and legs', async () => {
    const old = await call(31);
    const recent = await call(29);
    const open = await call(null);
    expect(await new CallRetention(config(), dataSource).purge(NOW)).toBe(1);
    const ids = (await dataSource.getRepository(Call).find()).map((c) => c.id).sort();
    expect(ids).toEqual([recent, open].sort());
    expect(await dataSource.getRepository(CallParticipant).countBy({ callId: old })).toBe(0);
    expect(await dataSource.getRepository(CallLeg).countBy({ callId: old })).toBe(0);
    expect(await dataSource.getRepository(CallLeg).count()).toBe(2);
    expect(await dataSource.getRepository(CallParticipant).count()).toBe(4);
  });

  it('follows the configured number of days, and deletes nothing when nothing is that old', async () => {
    await call(3);
    expect(await new CallRetention(config('7'), dataSource).purge(NOW)).toBe(0);
    expect(await new CallRetention(config('2'), dataSource).purge(NOW)).toBe(1);
  });

  it('refuses a retention outside 1 to 3650 days at start', () => {
    expect(() => config('0')).toThrow(/CALL_RETENTION_DAYS/);
    expect(() => config('many')).toThrow(/CALL_RETENTION_DAYS/);
  });
});
