import { parseClientMessage, parseCompatMessage, SignalingErrorCode } from '@webrtc-call/signaling-contracts';
import fc from 'fast-check';
import { createRoom, signUp, startTestApp, TestApp } from './support/test-app';
import { useWsClients, WsClient } from './support/ws-client';

/** Frames per property: each one waits for its answer, so this bounds the run time. */
const RUNS = { numRuns: 150 };
const ERROR_CODES: ReadonlySet<string> = new Set(Object.values(SignalingErrorCode));

const wrongType = fc.constantFrom<unknown>(null, true, 0, -1, 0.5, 1e300, '', 'x', [], ['x'], {}, { x: 1 });
const field = fc.oneof(
  { arbitrary: wrongType, weight: 3 },
  { arbitrary: fc.string({ maxLength: 70 }), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  { arbitrary: fc.constantFrom(100, 2001, 40000).map((n) => 'a'.repeat(n)), weight: 1 },
);
const NATIVE_FIELDS: Record<string, string[]> = {
  join: ['roomId', 'password', 'resumeToken'],
  offer: ['to', 'sdp'],
  answer: ['to', 'sdp'],
  candidate: ['to', 'candidate'],
  mute: ['audio', 'video'],
  chat: ['text'],
  keepalive: [],
  bogus: ['x'],
};
const nested = fc.record(
  {
    type: fc.oneof(fc.constantFrom('offer', 'answer'), field),
    sdp: field,
    candidate: field,
    sdpMid: field,
    sdpMLineIndex: field,
  },
  { requiredKeys: [] },
);
const nativeData = (event: string) =>
  fc.record(
    Object.fromEntries(
      NATIVE_FIELDS[event].map((name) => [
        name,
        name === 'sdp' || name === 'candidate' ? fc.oneof(nested, field) : field,
      ]),
    ),
    { requiredKeys: [] },
  );

/** Larger frames close the socket with 1009, a documented limit with its own test. */
const MAX_FRAME = 60 * 1024;

/** Frames a broken or hostile client might send: not JSON, not objects, known events with mangled data, binary. */
const nativeFrame: fc.Arbitrary<string | Buffer> = fc
  .oneof(
    { arbitrary: fc.string({ maxLength: 100 }), weight: 1 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), weight: 1 },
    {
      arbitrary: fc
        .constantFrom(...Object.keys(NATIVE_FIELDS))
        .chain((event) =>
          fc.record(
            { event: fc.oneof(fc.constant(event), field), data: fc.oneof(nativeData(event), field), id: field },
            {
              requiredKeys: ['event', 'data'],
            },
          ),
        )
        .map((v) => JSON.stringify(v)),
      weight: 5,
    },
    { arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)), weight: 1 },
  )
  .filter((raw) => Buffer.byteLength(raw) < MAX_FRAME);

const compatFrame: fc.Arbitrary<string | Buffer> = fc
  .oneof(
    { arbitrary: fc.string({ maxLength: 100 }), weight: 1 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), weight: 1 },
    {
      arbitrary: fc
        .record(
          {
            cmd: fc.oneof(fc.constantFrom('join', 'offer', 'answer', 'candidate', 'keepalive', 'bogus'), field),
            roomId: field,
            uid: field,
            remoteUid: field,
            password: field,
            msg: fc.oneof(
              fc
                .record({ label: field, id: field, candidate: field, type: field, sdp: field }, { requiredKeys: [] })
                .map((v) => JSON.stringify(v)),
              field,
            ),
          },
          { requiredKeys: ['cmd'] },
        )
        .map((v) => JSON.stringify(v)),
      weight: 5,
    },
    { arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)), weight: 1 },
  )
  .filter((raw) => Buffer.byteLength(raw) < MAX_FRAME);

interface Frame {
  event?: string;
  cmd?: string;
  data?: { code?: string };
  code?: string;
}

/**
 * Frames not worth sending: a valid `leave` takes the socket out of the room (the property is about
 * staying in it) and a valid `keepalive` is the marker that ends each exchange.
 */
function skipped(raw: string | Buffer, parse: typeof parseClientMessage): boolean {
  if (typeof raw !== 'string') return false;
  const parsed = parse(raw);
  return parsed.ok && (parsed.message.event === 'leave' || parsed.message.event === 'keepalive');
}

/** A join is answered after a database lookup, so later frames may overtake its refusal. */
function joins(raw: string | Buffer, parse: typeof parseClientMessage): boolean {
  if (typeof raw !== 'string') return false;
  const parsed = parse(raw);
  return parsed.ok && parsed.message.event === 'join';
}

/**
 * Sends `raw`, then a keepalive, and returns everything that arrived before the keepalive's answer;
 * for a join (answered asynchronously), everything up to its error.
 */
async function answersTo(
  client: WsClient,
  raw: string | Buffer,
  keepalive: string,
  isKeepalive: (f: Frame) => boolean,
  isJoin: boolean,
) {
  client.sendRaw(raw);
  if (isJoin) {
    const frames: Frame[] = [];
    while (!frames.some((f) => f.event === 'error' || f.cmd === 'error'))
      frames.push((await client.nextRaw(5000)) as Frame);
    return frames;
  }
  client.sendRaw(keepalive);
  const frames: Frame[] = [];
  for (;;) {
    const frame = (await client.nextRaw(5000)) as Frame;
    if (isKeepalive(frame)) return frames;
    frames.push(frame);
  }
}

describe('signaling under arbitrary frames (e2e)', () => {
  let t: TestApp;
  let alice: { token: string };
  let bob: { token: string };
  const native = useWsClients(() => t.wsUrl);
  const compat = useWsClients(() => t.wsUrl.replace('/ws', '/ws/compat'));

  beforeAll(async () => {
    // Two frames per run, all at once: the budget must not be what the property measures.
    t = await startTestApp({ SIGNALING_RATE_PER_SECOND: '100000', SIGNALING_RATE_BURST: '100000', LOG_LEVEL: 'fatal' });
    alice = await signUp(t, 'Alice');
    bob = await signUp(t, 'Bob');
  });
  afterAll(() => t.close());

  it('on /ws answers every bad frame with one known error, keeps the socket open and the peer reachable', async () => {
    const roomId = await createRoom(t, alice.token, { name: 'Fuzz' });
    const a = await native(alice.token);
    a.send('join', { roomId });
    const aJoin = await a.next('resp-join');
    const b = await native(bob.token);
    b.send('join', { roomId });
    const bJoin = await b.next('resp-join');
    await a.next('new-peer');
    const keepalive = JSON.stringify({ event: 'keepalive', data: {} });

    await fc.assert(
      fc.asyncProperty(nativeFrame, async (raw) => {
        if (skipped(raw, parseClientMessage)) return;
        expect(a.socket.readyState).toBe(a.socket.OPEN);
        const isJoin = joins(raw, parseClientMessage);
        const frames = await answersTo(a, raw, keepalive, (f) => f.event === 'keepalive', isJoin);
        const errors = frames.filter((f) => f.event === 'error');
        const expectedError = isJoin || typeof raw !== 'string' || !parseClientMessage(raw).ok;
        if (expectedError) {
          expect(errors).toHaveLength(1);
          expect(ERROR_CODES.has(String(errors[0].data?.code))).toBe(true);
        }
      }),
      RUNS,
    );

    expect(a.socket.readyState).toBe(a.socket.OPEN);
    a.send('chat', { text: 'still here' });
    for (;;) {
      const frame = (await b.nextRaw(5000)) as { event: string; data: { text?: string } };
      if (frame.event === 'chat' && frame.data.text === 'still here') break;
    }
    b.send('candidate', { to: aJoin.selfId, candidate: { candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0 } });
    for (;;) {
      const frame = (await a.nextRaw(5000)) as { event: string; data: { from?: string } };
      if (frame.event === 'candidate') {
        expect(frame.data.from).toBe(bJoin.selfId);
        break;
      }
    }
  }, 120000);

  it('on /ws/compat answers every bad frame with one known error, keeps the socket open and the peer reachable', async () => {
    const roomId = await createRoom(t, alice.token, { name: 'Fuzz compat' });
    const b = await native(bob.token);
    b.send('join', { roomId });
    const bJoin = await b.next('resp-join');
    const a = await compat(alice.token);
    a.sendCompat({ cmd: 'join', roomId, uid: 'fuzzer' });
    expect(await a.nextRaw()).toEqual({ cmd: 'resp-join', remoteUid: bJoin.selfId });
    await b.next('new-peer');
    const keepalive = JSON.stringify({ cmd: 'keepalive' });

    await fc.assert(
      fc.asyncProperty(compatFrame, async (raw) => {
        if (skipped(raw, parseCompatMessage)) return;
        expect(a.socket.readyState).toBe(a.socket.OPEN);
        const isJoin = joins(raw, parseCompatMessage);
        const frames = await answersTo(a, raw, keepalive, (f) => f.cmd === 'keepalive', isJoin);
        const errors = frames.filter((f) => f.cmd === 'error');
        const expectedError = isJoin || typeof raw !== 'string' || !parseCompatMessage(raw).ok;
        if (expectedError) {
          expect(errors).toHaveLength(1);
          expect(ERROR_CODES.has(String(errors[0].code))).toBe(true);
        }
      }),
      RUNS,
    );

    expect(a.socket.readyState).toBe(a.socket.OPEN);
    const offer = { type: 'offer', sdp: 'v=0\r\n' };
    a.sendCompat({ cmd: 'offer', roomId, uid: 'fuzzer', remoteUid: bJoin.selfId, msg: JSON.stringify(offer) });
    for (;;) {
      const frame = (await b.nextRaw(5000)) as { event: string; data: { sdp?: unknown } };
      if (frame.event === 'offer') {
        expect(frame.data.sdp).toEqual(offer);
        break;
      }
    }
  }, 120000);
});
