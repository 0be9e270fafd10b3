import { startTestApp, TestApp } from './support/test-app';

interface SoakCounts {
  lost: number;
  duplicated: number;
  misrouted: number;
  closed: number;
  sent: number;
  received: number;
}
// The same soak as `npm run soak`, shortened, against the in-process app. bench/ is plain scripts, not a
// project with an import path, hence the reach across the boundary.
// eslint-disable-next-line @nx/enforce-module-boundaries
const { runSoak } = require('../../../bench/soak-run.cjs') as {
  runSoak(options: Record<string, unknown>): Promise<SoakCounts>;
};

const SOCKETS = Number(process.env['SOAK_SOCKETS'] || 200);
const SECONDS = Number(process.env['SOAK_SECONDS'] || 5);

describe('signaling soak, short (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      SIGNALING_RATE_PER_SECOND: '1000',
      SIGNALING_RATE_BURST: '1000',
      SIGNALING_MAX_SOCKETS_PER_USER: '50',
      SIGNALING_MAX_PENDING_UPGRADES: '100',
    });
  });
  afterAll(() => t.close());

  it(`relays every chat and candidate of ${SOCKETS} sockets in rooms of 4 once, in order, and only within the room`, async () => {
    const counts = await runSoak({
      baseUrl: t.baseUrl,
      wsUrl: t.wsUrl,
      sockets: SOCKETS,
      roomSize: 4,
      seconds: SECONDS,
      socketsPerAccount: 50,
      framesPerSecond: 2,
    });
    expect(counts.sent).toBeGreaterThan(0);
    expect(counts).toMatchObject({ lost: 0, duplicated: 0, misrouted: 0, closed: 0 });
  }, 120000);
});
