import type { CallDetailView, CallSummaryView, QualitySample } from '@webrtc-call/signaling-contracts';
import { eventually, useTwoInstances } from './support/cluster';
import { createRoom, signUp, TestApp } from './support/test-app';
import { closeAfterEach, WsClient } from './support/ws-client';

const ADMIN = { username: 'root', password: 'root-password' };

const sample = (peerId: string, rttMs: number): Partial<QualitySample> => ({
  peerId,
  final: false,
  outcome: 'connected',
  localCandidateType: 'srflx',
  remoteCandidateType: 'srflx',
  protocol: 'udp',
  rttMs,
  iceRestarts: 0,
});

describe('Call records across two instances (Redis, PostgreSQL, e2e)', () => {
  const cluster = useTwoInstances({
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    SIGNALING_RESUME_WINDOW_MS: '0',
  });
  let admin: string;
  const track = closeAfterEach();
  const on = async (app: TestApp, token: string) => track(await WsClient.connect(app.wsUrl, token)).registered();

  beforeAll(async () => {
    admin = (await cluster.two.http.post('/api/auth/login').send(ADMIN).expect(200)).body.accessToken;
  });

  const get = async <T>(path: string): Promise<T> =>
    (await cluster.one.http.get(path).set('Authorization', `Bearer ${admin}`).expect(200)).body as T;

  it('keeps one call and one leg when the two sides sit on different instances, and ends it when the last leaves', async () => {
    const { one, two } = cluster;
    const alice = await signUp(one, 'Alice');
    const bob = await signUp(one, 'Bob');
    const roomId = await createRoom(one, alice.token, { name: 'Across' });
    const a = await on(one, alice.token);
    const b = await on(two, bob.token);
    // Both first joins at once: each instance tries to open the room's call.
    a.send('join', { roomId });
    b.send('join', { roomId });
    const [aJoin, bJoin] = await Promise.all([a.next('resp-join'), b.next('resp-join')]);
    let calls: { items: CallSummaryView[] } = { items: [] };
    await eventually(async () => {
      calls = await get(`/api/admin/calls?roomId=${roomId}`);
      return calls.items.flatMap((call) => call.participants).length === 2;
    }, 5000);
    expect(calls.items).toHaveLength(1);
    const callId = calls.items[0].id;

    // Both sides report at the same moment, through different instances, on the same leg.
    a.send('stats', sample(bJoin.selfId, 30));
    b.send('stats', sample(aJoin.selfId, 50));
    let detail: CallDetailView | undefined;
    await eventually(async () => {
      detail = await get<CallDetailView>(`/api/admin/calls/${callId}`);
      return detail.legs[0]?.samples === 2;
    }, 5000);
    expect(detail?.legs).toHaveLength(1);
    expect(detail?.legs[0].rttMs).toEqual({ count: 2, min: 30, avg: 40, max: 50 });

    a.send('leave', {});
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await get<CallDetailView>(`/api/admin/calls/${callId}`)).endedAt).toBeNull();
    b.send('leave', {});
    await eventually(async () => (await get<CallDetailView>(`/api/admin/calls/${callId}`)).endedAt !== null, 5000);
  });
});
