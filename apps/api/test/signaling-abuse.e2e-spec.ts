import WebSocket from 'ws';
import { flood, paused, RssSampler } from './support/flood';
import { createRoom, signUp, startTestApp, TestApp } from './support/test-app';
import { seatTwo, useWsClients } from './support/ws-client';

const keepalive = JSON.stringify({ event: 'keepalive', data: {} });
const rateLimited = { event: 'error', data: { code: 'rate-limited', message: expect.any(String) } };
const sdp = { type: 'offer', sdp: 'v=0\r\n' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Generous: what the server may keep for one abusive client is a few hundred KiB. */
const RSS_BOUND_MIB = 64;

describe('abusive signaling clients (e2e)', () => {
  describe('over their message budget', () => {
    let t: TestApp;
    let alice: { token: string };
    let bob: { token: string };
    const connect = useWsClients(() => t.wsUrl);
    const pair = async (second = bob.token) => seatTwo(connect, await createRoom(t, alice.token), alice.token, second);

    beforeAll(async () => {
      t = await startTestApp({
        SIGNALING_RATE_PER_SECOND: '5',
        SIGNALING_RATE_BURST: '20',
        SIGNALING_MAX_RATE_VIOLATIONS: '5',
        SIGNALING_RESUME_WINDOW_MS: '30000',
      });
      alice = await signUp(t, 'Alice');
      bob = await signUp(t, 'Bob');
    });
    afterAll(() => t.close());

    it('tolerates as many frames over budget as allowed, answering only the first', async () => {
      const c = await connect(bob.token);
      for (let i = 0; i < 20 + 5; i++) c.sendRaw(keepalive);
      for (let i = 0; i < 20; i++) await c.next('keepalive');
      expect(await c.next('error')).toEqual(rateLimited.data);
      expect(await c.staysQuiet(300)).toBe(true);
      expect(c.socket.readyState).toBe(WebSocket.OPEN);
    });

    it('closes a flooding socket with 1008 after one rate-limited answer, and the room sees it leave', async () => {
      const { a, b, bJoin } = await pair();
      for (let i = 0; i < 200; i++) b.sendRaw(keepalive);
      expect((await b.closedWithin(5000)).code).toBe(1008);

      const frames = b.takeAll();
      const answered = frames.findIndex((frame) => frame.event !== 'keepalive');
      // The join took one token of the burst; the sustained rate may have added some since.
      expect(answered).toBeGreaterThanOrEqual(19);
      expect(frames.slice(answered)).toEqual([rateLimited]);
      expect(await a.next('peer-leave')).toEqual({ peerId: bJoin.selfId });
    });

    it('acts on nothing a socket sends while it is being closed for flooding, though its budget refilled', async () => {
      const { a, b, aJoin, bJoin } = await pair();
      const resume = paused(b);
      for (let i = 0; i < 30; i++) b.sendRaw(keepalive);
      // Closed with 1008, but the client does not read, so the close handshake cannot finish; 400 ms
      // refill two tokens, well inside the grace the server gives it.
      await sleep(400);
      b.send('offer', { to: aJoin.selfId, sdp });
      expect(await a.next('peer-leave', 3000)).toEqual({ peerId: bJoin.selfId });
      resume();
      expect((await b.closedWithin(3000)).code).toBe(1008);
    });

    it('after logout-all, an offer sent before the close completes reaches nobody', async () => {
      const carol = await signUp(t, 'Carol');
      const { a, b, aJoin, bJoin } = await pair(carol.token);
      const resume = paused(b);
      await t.http.post('/api/auth/logout-all').set('Authorization', `Bearer ${carol.token}`).expect(204);
      b.send('offer', { to: aJoin.selfId, sdp });
      expect(await a.next('peer-leave')).toEqual({ peerId: bJoin.selfId });
      expect(await a.staysQuiet(500)).toBe(true);
      resume();
      expect((await b.closedWithin(3000)).code).toBe(4401);
    });
  });

  describe('that stop reading', () => {
    const MAX_BUFFERED_BYTES = 256 * 1024;
    let t: TestApp;
    let alice: { token: string };
    let bob: { token: string };
    const connect = useWsClients(() => t.wsUrl);
    const pair = async () => seatTwo(connect, await createRoom(t, alice.token), alice.token, bob.token);
    /** How much the server had left unsent each time it cut a socket off, from its warnings. */
    const unsentAtCutOff = () =>
      t.logs
        .matching('stopped reading')
        .map((entry) => Number(/\((\d+) bytes unsent\)/.exec(String(entry['msg']))?.[1]));
    /** What the server had left unsent when it cut off one more socket since `earlier` cut-offs. */
    const nextCutOff = (earlier: number) => {
      const all = unsentAtCutOff();
      expect(all).toHaveLength(earlier + 1);
      return all[earlier];
    };

    beforeAll(async () => {
      t = await startTestApp({
        // Budgets and patience far beyond the flood, so that only backpressure can stop it.
        SIGNALING_RATE_PER_SECOND: '1000000',
        SIGNALING_RATE_BURST: '1000000',
        SIGNALING_IDLE_TIMEOUT_MS: '120000',
        SIGNALING_MAX_BUFFERED_BYTES: String(MAX_BUFFERED_BYTES),
        SIGNALING_RESUME_WINDOW_MS: '30000',
        LOG_LEVEL: 'warn',
      });
      alice = await signUp(t, 'Alice');
      bob = await signUp(t, 'Bob');
    });
    afterAll(() => t.close());

    it('cuts off a client that floods keepalives without reading the answers, with memory bounded', async () => {
      const { a, b, bJoin } = await pair();
      const earlier = unsentAtCutOff().length;
      const rss = new RssSampler();
      const resume = paused(b);
      const sent = await flood(b, keepalive, {
        max: 800_000,
        batch: 2_000,
        until: () => a.queued > 0,
        timeoutMs: 90_000,
        rss,
      });
      // Taken before the client reads again, so that what it then reads does not count.
      const grewMiB = rss.growthMiB;
      expect(await a.next('peer-leave')).toEqual({ peerId: bJoin.selfId });
      resume();
      expect((await b.closedWithin(5000)).code).toBe(1006);
      expect(sent).toBeLessThan(800_000);
      expect(grewMiB).toBeLessThan(RSS_BOUND_MIB);
      const unsent = nextCutOff(earlier);
      expect(unsent).toBeGreaterThan(MAX_BUFFERED_BYTES - 64);
      expect(unsent).toBeLessThanOrEqual(MAX_BUFFERED_BYTES);
    }, 150_000);

    it('cuts off a peer that does not read 32 KiB offers relayed to it; the sender carries on', async () => {
      const { a, b, bJoin } = await pair();
      const offer = JSON.stringify({
        event: 'offer',
        data: { to: bJoin.selfId, sdp: { type: 'offer', sdp: 'a'.repeat(32 * 1024) } },
      });
      const earlier = unsentAtCutOff().length;
      const rss = new RssSampler();
      const resume = paused(b);
      const sent = await flood(a, offer, { max: 4_000, batch: 16, until: () => a.queued > 0, timeoutMs: 90_000, rss });
      const grewMiB = rss.growthMiB;
      expect(await a.next('peer-leave')).toEqual({ peerId: bJoin.selfId });
      expect(sent).toBeLessThan(4_000);
      expect(grewMiB).toBeLessThan(RSS_BOUND_MIB);
      const unsent = nextCutOff(earlier);
      expect(unsent).toBeGreaterThan(MAX_BUFFERED_BYTES - offer.length - 64);
      expect(unsent).toBeLessThanOrEqual(MAX_BUFFERED_BYTES);

      // Offers already on their way when the peer was cut off find nobody; then the socket works as before.
      a.send('keepalive', {});
      let frame = await a.nextRaw();
      while (frame['event'] === 'error') {
        expect(frame['data']).toMatchObject({ code: 'peer-not-found' });
        frame = await a.nextRaw();
      }
      expect(frame).toEqual({ event: 'keepalive', data: {} });
      resume();
      expect((await b.closedWithin(5000)).code).toBe(1006);
    }, 150_000);
  });
});
