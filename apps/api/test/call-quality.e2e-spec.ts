import type { CallDetailView, CallSummaryView, QualitySample } from '@webrtc-call/signaling-contracts';
import { createRoom, logIn, signUp, startTestApp, TestApp } from './support/test-app';
import { seatTwo, useWsClients } from './support/ws-client';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

const sample = (peerId: string, overrides: Partial<QualitySample> = {}): QualitySample => ({
  peerId,
  final: false,
  outcome: 'connected',
  timeToConnectMs: 700,
  timeToFirstFrameMs: 900,
  localCandidateType: 'host',
  remoteCandidateType: 'relay',
  protocol: 'udp',
  relayProtocol: null,
  rttMs: 40,
  jitterMs: 2,
  packetsLostIn: 1,
  packetsReceivedIn: 999,
  packetsLostOut: 0,
  packetsSentOut: 1000,
  lossInPercent: 1,
  lossOutPercent: 0,
  bitrateInKbps: 1000,
  bitrateOutKbps: 1000,
  framesDecoded: 250,
  framesDropped: 0,
  freezeCount: 0,
  totalFreezesDurationMs: 0,
  frameWidth: 640,
  frameHeight: 480,
  framesPerSecond: 25,
  iceRestarts: 0,
  availableOutgoingBitrateKbps: 2000,
  ...overrides,
});

/** Polls until `check` passes: call records are written after the frame, without an answer to wait for. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('call quality records (e2e)', () => {
  let t: TestApp;
  let admin: string;
  const connect = useWsClients(() => t.wsUrl);
  beforeAll(async () => {
    t = await startTestApp({
      ADMIN_USERNAME: 'root',
      ADMIN_PASSWORD: 'root-password',
      SIGNALING_RESUME_WINDOW_MS: '0',
    });
    admin = await logIn(t, 'root', 'root-password');
  });
  afterAll(() => t.close());

  const get = <T>(path: string) =>
    t.http
      .get(path)
      .set(auth(admin))
      .then((res) => res.body as T);
  const callsOf = (roomId: string) =>
    get<{ items: CallSummaryView[]; total: number }>(`/api/admin/calls?roomId=${roomId}`);

  /** Two users in a new room; resolves with their sockets, peer ids and the room's call id. */
  async function twoInACall() {
    const alice = await signUp(t, 'Alice');
    const bob = await signUp(t, 'Bob');
    const roomId = await createRoom(t, alice.token, { name: 'Quality room' });
    const { a, b, aJoin, bJoin } = await seatTwo(connect, roomId, alice.token, bob.token);
    const listed = await eventually(
      () => callsOf(roomId),
      (page) => page.items[0]?.participants.length === 2,
    );
    return { alice, bob, roomId, a, b, aId: aJoin.selfId, bId: bJoin.selfId, callId: listed.items[0].id };
  }

  it('records one leg of a two-person call with both sides’ figures, lists the call, and ends it when both leave', async () => {
    const { alice, roomId, a, b, aId, bId, callId } = await twoInACall();
    // b sees the pair from its side: its relay candidate is a's remote one.
    b.send(
      'stats',
      sample(aId, { rttMs: 60, localCandidateType: 'relay', remoteCandidateType: 'host', lossInPercent: 3 }),
    );
    a.send('stats', sample(bId, { rttMs: 40, timeToConnectMs: 500, lossInPercent: 1 }));
    a.send('stats', sample(bId, { rttMs: 50, final: true, iceRestarts: 1 }));
    const detail = await eventually(
      () => get<CallDetailView>(`/api/admin/calls/${callId}`),
      (call) => call.legs[0]?.samples === 3,
    );
    expect(detail).toMatchObject({ id: callId, roomId, roomName: 'Quality room', endedAt: null, legCount: 1 });
    expect(detail.legs).toHaveLength(1);
    expect(detail.legs[0]).toMatchObject({
      a: { peerId: aId, displayName: 'Alice' },
      b: { peerId: bId, displayName: 'Bob' },
      outcome: 'connected',
      candidateType: { local: 'host', remote: 'relay' },
      protocol: 'udp',
      timeToConnectMs: 500,
      timeToFirstFrameMs: 900,
      samples: 3,
      rttMs: { count: 3, min: 40, avg: 50, max: 60 },
      lossPercent: { count: 3, min: 1, max: 3 },
      iceRestarts: 1,
      band: expect.stringMatching(/good|fair/),
    });
    expect(detail.legs[0].mos).toBeGreaterThan(3);
    expect(a.queued + b.queued).toBe(0);

    a.send('leave', {});
    b.send('leave', {});
    const ended = await eventually(
      () => callsOf(roomId),
      (page) => page.items[0]?.endedAt !== null,
    );
    expect(ended.total).toBe(1);
    expect(ended.items[0]).toMatchObject({ id: callId, legCount: 1, endedAt: expect.any(String) });
    expect(
      ended.items[0].participants.map((p) => [p.displayName, p.userId === alice.userId, p.leftAt !== null]),
    ).toEqual([
      ['Alice', true, true],
      ['Bob', false, true],
    ]);
    const byUser = await get<{ items: CallSummaryView[] }>(`/api/admin/calls?userId=${alice.userId}`);
    expect(byUser.items.map((c) => c.id)).toEqual([callId]);

    const report = await get<{ total: { legsTried: number; successRate: number; relayShare: number } }>(
      '/api/admin/quality',
    );
    expect(report.total).toMatchObject({ successRate: 1, relayShare: 1 });
    expect(report.total.legsTried).toBeGreaterThanOrEqual(1);
  });

  it('answers a bad sample with invalid-message, an oversized one with message-too-large, with the frame ref', async () => {
    const { a, bId } = await twoInACall();
    a.send('stats', { ...sample(bId), rttMs: -1 }, 1);
    expect(await a.next('error')).toMatchObject({ code: 'invalid-message', ref: 1 });
    a.send('stats', { ...sample(bId), extra: 'x'.repeat(3000) }, 2);
    expect(await a.next('error')).toMatchObject({ code: 'message-too-large', ref: 2 });
  });

  it('answers peer-not-found for a peer of another room, and not-in-room before joining', async () => {
    const first = await twoInACall();
    const second = await twoInACall();
    first.a.send('stats', sample(second.aId), 'x1');
    expect(await first.a.next('error')).toMatchObject({ code: 'peer-not-found', ref: 'x1' });
    const { token } = await signUp(t);
    const outsider = await (await connect(token)).registered();
    outsider.send('stats', sample(first.aId), 7);
    expect(await outsider.next('error')).toMatchObject({ code: 'not-in-room', ref: 7 });
  });

  it('refuses a second sample on one leg within 2 s with rate-limited', async () => {
    const { a, bId } = await twoInACall();
    a.send('stats', sample(bId));
    a.send('stats', sample(bId), 3);
    expect(await a.next('error')).toMatchObject({ code: 'rate-limited', ref: 3 });
  });

  it('keeps the call routes to administrators, and answers unknown or malformed ids with 404 call-not-found', async () => {
    const { token } = await signUp(t);
    for (const path of [
      '/api/admin/calls',
      '/api/admin/calls/00000000-0000-4000-8000-000000000000',
      '/api/admin/quality',
    ]) {
      const res = await t.http.get(path).set(auth(token));
      expect([path, res.status, res.body.code]).toEqual([path, 403, 'forbidden']);
    }
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await t.http.get(`/api/admin/calls/${id}`).set(auth(admin)).expect(404);
      expect(res.body.code).toBe('call-not-found');
    }
  });

  it('validates the quality range and the call filters', async () => {
    const bad = [
      '/api/admin/quality?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z',
      '/api/admin/quality?from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      '/api/admin/quality?from=yesterday',
      '/api/admin/calls?roomId=x',
      '/api/admin/calls?limit=1000',
    ];
    for (const path of bad) {
      const res = await t.http.get(path).set(auth(admin));
      expect([path, res.status, res.body.code]).toEqual([path, 400, 'validation-failed']);
    }
    const empty = await t.http
      .get('/api/admin/quality?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z')
      .set(auth(admin))
      .expect(200);
    expect(empty.body).toMatchObject({ total: { legsTried: 0, successRate: null, relayShare: null }, days: [] });
  });

  it('counts the join funnel, leg outcomes and candidate pairs in /metrics', async () => {
    const { a, b, aId, bId } = await twoInACall();
    b.send('stats', sample(aId, { outcome: 'failed', final: true, framesDecoded: 0, bitrateInKbps: 0 }));
    a.send('stats', sample(bId, { final: true }));
    const metrics = await eventually(
      () => t.http.get('/metrics').then((res) => res.text),
      (text) => /call_leg_outcomes_total\{outcome="failed"\} [1-9]/.test(text),
    );
    for (const stage of ['socket-connected', 'joined', 'first-leg-connected', 'media-flowing']) {
      expect(metrics).toMatch(new RegExp(`call_join_funnel_total\\{stage="${stage}"\\} [1-9]`));
    }
    expect(metrics).toMatch(/call_leg_outcomes_total\{outcome="connected"\} [1-9]/);
    expect(metrics).toMatch(/call_leg_candidate_pairs_total\{local="host",remote="relay"\} [1-9]/);
    expect(metrics).toMatch(/call_leg_time_to_connect_seconds_count [1-9]/);
  });
});
