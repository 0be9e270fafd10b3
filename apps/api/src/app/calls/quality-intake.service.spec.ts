import type { QualitySample } from '@webrtc-call/signaling-contracts';
import { DataSource } from 'typeorm';
import { ENTITIES, MIGRATIONS } from '../../database/database.module';
import { MetricsService } from '../metrics/metrics.service';
import { LocalPresence } from '../presence/local-presence';
import { SeatEvents } from '../presence/seat-events';
import { Room } from '../rooms/room.entity';
import { Call } from './call.entity';
import { CallLedger } from './call-ledger.service';
import { CallLeg } from './call-leg.entity';
import { CallParticipant } from './call-participant.entity';
import { QualityIntake } from './quality-intake.service';
import { qualitySample } from './quality-sample.fixture';
import { MIN_SAMPLE_SPACING_MS } from './sample-gate';

const ROOM = '11111111-1111-4111-8111-111111111111';
const OTHER_ROOM = '22222222-2222-4222-8222-222222222222';

const sample = (peerId: string, overrides: Partial<QualitySample> = {}): QualitySample =>
  qualitySample({
    peerId,
    timeToConnectMs: 800,
    localCandidateType: 'host',
    remoteCandidateType: 'relay',
    protocol: 'udp',
    rttMs: 40,
    jitterMs: 2,
    lossInPercent: 1,
    bitrateInKbps: 900,
    framesDecoded: 10,
    ...overrides,
  });

describe('QualityIntake', () => {
  let dataSource: DataSource;
  let events: SeatEvents;
  let ledger: CallLedger;
  let metrics: MetricsService;
  let intake: QualityIntake;
  let t = 1_000_000;

  const join = async (roomId: string, peerId: string) => {
    events.joined({
      roomId,
      id: peerId,
      user: { id: `u-${peerId}`, displayName: peerId, username: peerId, role: 'user' },
    } as never);
    await ledger.settled();
  };
  const send = (peerId: string, s: QualitySample, roomId = ROOM) =>
    intake.record({ roomId, peerId }, s, (t += MIN_SAMPLE_SPACING_MS));
  const legs = () => dataSource.getRepository(CallLeg).find();

  beforeEach(async () => {
    dataSource = new DataSource({ type: 'sqlite', database: ':memory:', entities: ENTITIES, migrations: MIGRATIONS });
    await dataSource.initialize();
    await dataSource.runMigrations();
    events = new SeatEvents();
    const presence = new LocalPresence();
    ledger = new CallLedger(
      dataSource.getRepository(Call),
      dataSource.getRepository(CallParticipant),
      dataSource.getRepository(Room),
      presence,
      events,
    );
    ledger.onModuleInit();
    metrics = new MetricsService();
    intake = new QualityIntake(
      dataSource.getRepository(CallParticipant),
      dataSource.getRepository(CallLeg),
      ledger,
      metrics,
      events,
    );
    intake.onModuleInit();
    await join(ROOM, 'alice');
    await join(ROOM, 'bob');
  });
  afterEach(async () => {
    intake.onModuleDestroy();
    ledger.onModuleDestroy();
    if (dataSource.isInitialized) await dataSource.destroy();
  });

  it('folds the samples of both sides into one leg, a being the one who joined first', async () => {
    expect(
      await send('bob', sample('alice', { rttMs: 60, localCandidateType: 'relay', remoteCandidateType: 'host' })),
    ).toBeNull();
    expect(await send('alice', sample('bob', { rttMs: 40, timeToConnectMs: 500 }))).toBeNull();
    expect(await send('alice', sample('bob', { rttMs: 50, final: true, outcome: 'connected' }))).toBeNull();
    const [leg, ...more] = await legs();
    expect(more).toHaveLength(0);
    const alice = await dataSource.getRepository(CallParticipant).findOneByOrFail({ peerId: 'alice' });
    expect(leg).toMatchObject({
      aId: alice.id,
      samples: 3,
      rttCount: 3,
      rttSum: 150,
      rttMin: 40,
      rttMax: 60,
      outcome: 'connected',
      localCandidateType: 'host',
      remoteCandidateType: 'relay',
      timeToConnectMs: 500,
    });
  });

  it('answers peer-not-found for a peer outside the sender’s call, or for the sender itself', async () => {
    await join(OTHER_ROOM, 'carol');
    expect(await send('alice', sample('carol'))).toMatchObject({ code: 'peer-not-found' });
    expect(await send('carol', sample('alice'), OTHER_ROOM)).toMatchObject({ code: 'peer-not-found' });
    expect(await send('alice', sample('alice'))).toMatchObject({ code: 'peer-not-found' });
    expect(await send('alice', sample('nobody'))).toMatchObject({ code: 'peer-not-found' });
    expect(await legs()).toEqual([]);
  });

  it('takes the final sample about a peer who already left', async () => {
    events.released(ROOM, 'bob');
    await ledger.settled();
    expect(await send('alice', sample('bob', { final: true, outcome: 'closed-before-connected' }))).toBeNull();
    expect((await legs())[0].outcome).toBe('closed-before-connected');
  });

  it('refuses a second sample on the same leg within 2 s with rate-limited, but lets the final one through once', async () => {
    expect(await intake.record({ roomId: ROOM, peerId: 'alice' }, sample('bob'), t)).toBeNull();
    expect(await intake.record({ roomId: ROOM, peerId: 'alice' }, sample('bob'), t + 500)).toMatchObject({
      code: 'rate-limited',
    });
    expect(await intake.record({ roomId: ROOM, peerId: 'bob' }, sample('alice'), t + 500)).toBeNull();
    expect(await intake.record({ roomId: ROOM, peerId: 'alice' }, sample('bob', { final: true }), t + 600)).toBeNull();
    expect(
      await intake.record({ roomId: ROOM, peerId: 'alice' }, sample('bob', { final: true }), t + 700),
    ).toMatchObject({
      code: 'rate-limited',
    });
    expect((await legs())[0].samples).toBe(3);
  });

  it('answers unavailable, without throwing, when the database fails', async () => {
    await dataSource.destroy();
    expect(await send('alice', sample('bob'))).toMatchObject({ code: 'unavailable' });
  });

  it('counts the funnel stages once per seat, and the final outcome of each side', async () => {
    await send('alice', sample('bob', { outcome: 'connecting', framesDecoded: 0, bitrateInKbps: 0 }));
    await send('alice', sample('bob'));
    await send('alice', sample('bob'));
    await send('alice', sample('bob', { final: true }));
    const text = await metrics.render();
    expect(text).toContain('call_join_funnel_total{stage="first-leg-connected"} 1');
    expect(text).toContain('call_join_funnel_total{stage="media-flowing"} 1');
    expect(text).toContain('call_leg_candidate_pairs_total{local="host",remote="relay"} 1');
    expect(text).toContain('call_leg_outcomes_total{outcome="connected"} 1');
    expect(text).toContain('call_leg_time_to_connect_seconds_count 1');
  });
});
