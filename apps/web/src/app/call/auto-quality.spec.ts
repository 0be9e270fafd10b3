import {
  AutoQualityController,
  LinkFigures,
  QUALITY_LADDER,
  startRung,
  STEP_DOWN_AFTER,
  STEP_UP_AFTER,
  WARM_UP_INTERVALS,
} from './auto-quality';

const clear: LinkFigures = {
  availableOutgoingBitrateKbps: 5000,
  lossOutPercent: 0,
  rttMs: 20,
  qualityLimitationReason: 'none',
};
const rung = (name: string) => QUALITY_LADDER.findIndex((level) => level.name === name);

describe('AutoQualityController', () => {
  let controller: AutoQualityController;
  /** Feeds `count` intervals of `figures` for `peerId` in a room with `peers` others; returns the last level. */
  const feed = (peerId: string, figures: LinkFigures, count: number, peers = 2) => {
    let name = controller.choice(peerId, peers).level.name;
    for (let i = 0; i < count; i++) name = controller.observe(peerId, figures, peers).level.name;
    return name;
  };
  /** Past the warm-up, on a path neither good nor bad (some loss). */
  const warm = (peerId: string, peers = 2) => {
    for (let i = 0; i < WARM_UP_INTERVALS; i++) {
      controller.observe(peerId, { ...clear, lossOutPercent: 4 }, peers);
    }
  };

  beforeEach(() => (controller = new AutoQualityController()));

  it('starts each connection at the rung its share of a typical uplink pays for, above 180p in a mesh of four', () => {
    expect([1, 2, 3, 4, 6, 12].map((peers) => QUALITY_LADDER[startRung(peers)].name)).toEqual([
      '720p',
      '540p',
      '540p',
      '360p',
      '270p',
      '180p',
    ]);
    expect(controller.choice('a', 3)).toMatchObject({ level: { name: '540p' }, reason: 'start' });
  });

  it('steps down after consecutive intervals without headroom, one rung at a time, and says bandwidth', () => {
    warm('a');
    const starved = { ...clear, availableOutgoingBitrateKbps: 300 };
    expect(feed('a', starved, STEP_DOWN_AFTER - 1)).toBe('540p');
    expect(feed('a', starved, 1)).toBe('360p');
    expect(feed('a', starved, STEP_DOWN_AFTER)).toBe('270p');
    expect(controller.choice('a', 2).reason).toBe('bandwidth');
    expect(
      feed('a', { ...clear, qualityLimitationReason: 'bandwidth', availableOutgoingBitrateKbps: 350 }, STEP_DOWN_AFTER),
    ).toBe('180p');
    expect(feed('a', { ...clear, availableOutgoingBitrateKbps: 90 }, 10 * STEP_DOWN_AFTER)).toBe('180p');
  });

  it('climbs while the browser still says bandwidth but estimates far more than the level needs', () => {
    const catchingUp = { ...clear, qualityLimitationReason: 'bandwidth' };
    expect(feed('a', catchingUp, WARM_UP_INTERVALS + STEP_UP_AFTER)).toBe('720p');
  });

  it('steps down on high loss and reports the loss', () => {
    warm('a');
    expect(feed('a', { ...clear, lossOutPercent: 12 }, STEP_DOWN_AFTER)).toBe('360p');
    expect(controller.choice('a', 2)).toMatchObject({ reason: 'loss', lossPercent: 12 });
  });

  it('does not step down while the bandwidth estimate warms up', () => {
    expect(
      feed(
        'a',
        { ...clear, availableOutgoingBitrateKbps: 300, qualityLimitationReason: 'bandwidth' },
        WARM_UP_INTERVALS,
      ),
    ).toBe('540p');
  });

  it('steps up only after several good intervals in a row, and an interval without headroom starts the count again', () => {
    expect(feed('a', clear, STEP_UP_AFTER - 1)).toBe('540p');
    expect(feed('a', { ...clear, lossOutPercent: 4 }, 1)).toBe('540p');
    expect(feed('a', clear, STEP_UP_AFTER - 1)).toBe('540p');
    expect(feed('a', clear, 1)).toBe('720p');
    expect(controller.choice('a', 2).reason).toBe('headroom');
    expect(feed('a', clear, 3 * STEP_UP_AFTER)).toBe('720p');
  });

  it('waits longer before trying a rung again after stepping down from it', () => {
    warm('a');
    feed('a', { ...clear, availableOutgoingBitrateKbps: 300 }, STEP_DOWN_AFTER);
    expect(controller.choice('a', 2).level.name).toBe('360p');
    expect(feed('a', clear, STEP_UP_AFTER)).toBe('360p');
    expect(feed('a', clear, STEP_UP_AFTER)).toBe('540p');
  });

  it('does not step up over a long delay, and decides nothing before there are figures', () => {
    expect(feed('a', { ...clear, rttMs: 600 }, 3 * STEP_UP_AFTER)).toBe('540p');
    expect(controller.choice('a', 2).reason).toBe('delay');
    const none: LinkFigures = {
      availableOutgoingBitrateKbps: null,
      lossOutPercent: null,
      rttMs: null,
      qualityLimitationReason: null,
    };
    expect(feed('b', none, 3 * STEP_UP_AFTER)).toBe('540p');
    expect(controller.choice('b', 2).reason).toBe('start');
  });

  it('changes only the connection whose path is poor', () => {
    warm('good');
    warm('poor');
    for (let i = 0; i < 4 * STEP_DOWN_AFTER; i++) {
      controller.observe('good', clear, 2);
      controller.observe('poor', { ...clear, lossOutPercent: 15 }, 2);
    }
    expect(controller.choice('poor', 2).level.name).toBe('180p');
    expect(rung(controller.choice('good', 2).level.name)).toBeGreaterThanOrEqual(rung('540p'));
  });

  it('forgets connections that are gone, and starts over on reset', () => {
    feed('a', clear, STEP_UP_AFTER);
    controller.retain(['b']);
    expect(controller.choice('a', 2)).toMatchObject({ level: { name: '540p' }, reason: 'start' });
    feed('a', clear, STEP_UP_AFTER);
    controller.reset();
    expect(controller.choice('a', 2).level.name).toBe('540p');
  });
});
