import { DataSource } from 'typeorm';
import { ENTITIES, MIGRATIONS } from '../../database/database.module';
import { LocalPresence } from '../presence/local-presence';
import { Seat } from '../presence/seat';
import { SeatEvents } from '../presence/seat-events';
import { Room } from '../rooms/room.entity';
import { User } from '../users/user.entity';
import { Call } from './call.entity';
import { CallLedger } from './call-ledger.service';
import { CallParticipant } from './call-participant.entity';

describe('CallLedger', () => {
  let dataSource: DataSource;
  let presence: LocalPresence;
  let events: SeatEvents;
  let ledger: CallLedger;
  let roomId: string;
  const limits = { resumeWindowMs: 1000, maxQueuedFrames: 10, maxQueuedBytes: 10_000 };

  const newLedger = (seatEvents = events) =>
    new CallLedger(
      dataSource.getRepository(Call),
      dataSource.getRepository(CallParticipant),
      dataSource.getRepository(Room),
      presence,
      seatEvents,
    );
  /** Seats someone in presence and tells the ledger, as the room rules do. */
  const seat = async (name: string, via = events) => {
    const taken = new Seat(
      { id: `u-${name}`, username: name, displayName: name, role: 'user' },
      roomId,
      4,
      null,
      limits,
    );
    await presence.claim(taken);
    via.joined(taken);
    return taken;
  };
  const release = (taken: Seat) => {
    presence.vacate(taken);
    events.released(taken.roomId, taken.id);
  };
  const calls = () => dataSource.getRepository(Call).find({ order: { startedAt: 'ASC' } });

  beforeEach(async () => {
    dataSource = new DataSource({ type: 'sqlite', database: ':memory:', entities: ENTITIES, migrations: MIGRATIONS });
    await dataSource.initialize();
    await dataSource.runMigrations();
    const owner = await dataSource
      .getRepository(User)
      .save({ username: 'o', displayName: 'O', passwordHash: 'x', role: 'user' });
    roomId = (
      await dataSource.getRepository(Room).save({ name: 'Standup', capacity: 4, ownerId: owner.id, passwordHash: null })
    ).id;
    presence = new LocalPresence();
    events = new SeatEvents();
    ledger = newLedger();
    ledger.onModuleInit();
  });
  afterEach(async () => {
    ledger.onModuleDestroy();
    presence.onModuleDestroy();
    await dataSource.destroy();
  });

  it('opens a call at the first join, adds each seat once, and ends it when the last seat is released', async () => {
    const a = await seat('a');
    const b = await seat('b');
    await ledger.settled();
    const [call] = await calls();
    expect(call).toMatchObject({ roomId, roomName: 'Standup', endedAt: null });
    release(a);
    await ledger.settled();
    expect((await calls())[0].endedAt).toBeNull();
    release(b);
    await ledger.settled();
    expect((await calls())[0].endedAt).toBeInstanceOf(Date);
    const people = await dataSource.getRepository(CallParticipant).findBy({ callId: call.id });
    expect(people.map((p) => [p.displayName, p.userId, p.leftAt !== null]).sort()).toEqual([
      ['a', 'u-a', true],
      ['b', 'u-b', true],
    ]);
  });

  it('starts a new call when someone joins the room after it ended', async () => {
    release(await seat('a'));
    await ledger.settled();
    await seat('b');
    await ledger.settled();
    const [first, second] = await calls();
    expect(first.endedAt).toBeInstanceOf(Date);
    expect(second).toMatchObject({ roomId, endedAt: null });
  });

  it('counts whoever presence seats as present, a seat held for its resume included: the call goes on', async () => {
    const a = await seat('a');
    // Seated, then its socket lost: presence holds it, whatever the records say of it.
    const b = new Seat({ id: 'u-b', username: 'b', displayName: 'b', role: 'user' }, roomId, 4, null, limits);
    await presence.claim(b);
    b.hold(() => undefined);
    release(a);
    await ledger.settled();
    expect((await calls())[0].endedAt).toBeNull();
  });

  it('opens one call when two instances see first joins of the same room at once', async () => {
    const otherEvents = new SeatEvents();
    const other = newLedger(otherEvents);
    other.onModuleInit();
    try {
      await Promise.all([seat('a'), seat('b', otherEvents)]);
      await Promise.all([ledger.settled(), other.settled()]);
      const all = await calls();
      expect(all).toHaveLength(1);
      expect(await dataSource.getRepository(CallParticipant).countBy({ callId: all[0].id })).toBe(2);
    } finally {
      other.onModuleDestroy();
    }
  });

  it('ends calls left open for rooms nobody sits in (a process that stopped mid-call), and keeps the others', async () => {
    await dataSource.getRepository(Call).save({ roomId, roomName: 'x', startedAt: new Date(), endedAt: null });
    expect(await ledger.sweepOrphans()).toBe(1);
    expect((await calls())[0].endedAt).toBeInstanceOf(Date);
    await seat('a');
    await ledger.settled();
    expect(await ledger.sweepOrphans()).toBe(0);
  });
});
