import fc from 'fast-check';
import { parseCompatMessage, toCompatFrames } from './compat-dialect';
import { MAX_CHAT_LENGTH, MAX_SDP_LENGTH, SignalingErrorCode } from './error-codes';
import type { ClientMessage, IceCandidate, PeerInfo, ServerMessage, SignalingIceServer } from './messages';
import { parseClientMessage } from './parse-client-message';
import { parseServerMessage } from './parse-server-message';

/** Enough runs to find shape bugs, few enough to keep `npm test` fast; a failure prints its seed. */
const RUNS = { numRuns: 300 };
/** The never-throws properties of what clients send get more runs: a crash there is a crash of the relay. */
const CLIENT_RUNS = { numRuns: 1000 };
const ERROR_CODES: ReadonlySet<string> = new Set(Object.values(SignalingErrorCode));

const CLIENT_EVENTS = ['join', 'offer', 'answer', 'candidate', 'mute', 'chat', 'leave', 'keepalive', 'admit', 'deny'];
const SERVER_EVENTS = [
  'resp-join',
  'new-peer',
  'peer-leave',
  'peer-updated',
  'offer',
  'answer',
  'candidate',
  'chat',
  'turn-credentials',
  'kicked',
  'room-closed',
  'keepalive',
  'waiting',
  'knock',
  'knock-withdrawn',
  'denied',
  'error',
];
const COMPAT_CMDS = ['join', 'leave', 'keepalive', 'offer', 'answer', 'candidate', 'resp-join', 'new-peer'];
/** Every field name the protocol knows, so mangled frames hit the real checks rather than missing fields. */
const FIELD_NAMES = [
  'roomId',
  'requestId',
  'password',
  'resumeToken',
  'to',
  'from',
  'sdp',
  'type',
  'candidate',
  'sdpMid',
  'sdpMLineIndex',
  'usernameFragment',
  'audio',
  'video',
  'text',
  'at',
  'peer',
  'peers',
  'peerId',
  'userId',
  'displayName',
  'reconnecting',
  'selfId',
  'capacity',
  'iceServers',
  'urls',
  'username',
  'credential',
  'resumed',
  'resumeWindowMs',
  'keepaliveIntervalMs',
  'reason',
  'code',
  'message',
  'ref',
  'retryAfterSeconds',
  'label',
  'id',
  'msg',
  'uid',
  'remoteUid',
  'cmd',
  'event',
  'data',
  '__proto__',
  'constructor',
  'toString',
];

// ---- hostile input ---------------------------------------------------------------------------------

const anyValue = fc.jsonValue({ maxDepth: 4 });
/** A value nested `depth` levels deep, alternating arrays and objects. */
const deepValue = fc.tuple(fc.integer({ min: 1, max: 3000 }), anyValue).map(([depth, leaf]) => {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { sdp: value };
  return value;
});
/** Strings around the size limits (SDP 32 KiB, chat 2000, ids 64) and well past them. */
const sizedString = fc
  .constantFrom(
    0,
    1,
    63,
    64,
    65,
    255,
    256,
    257,
    MAX_CHAT_LENGTH,
    MAX_CHAT_LENGTH + 1,
    MAX_SDP_LENGTH,
    MAX_SDP_LENGTH + 1,
  )
  .chain((length) => fc.constantFrom('a', ' ', '\u00e9', '\ud83d\ude00', '\u0000').map((c) => c.repeat(length)));
/** One value of each JSON type, and the numbers JSON gets wrong (Infinity from 1e400 is added as text below). */
const wrongType = fc.constantFrom<unknown>(
  null,
  true,
  false,
  0,
  -1,
  0.5,
  2 ** 53 + 2,
  '',
  'x',
  [],
  ['x'],
  {},
  { x: 1 },
);
const hostileField = fc.oneof(
  { arbitrary: wrongType, weight: 4 },
  { arbitrary: anyValue, weight: 2 },
  { arbitrary: sizedString, weight: 1 },
  { arbitrary: deepValue, weight: 1 },
);
const mangledData = fc.dictionary(fc.constantFrom(...FIELD_NAMES), hostileField, { maxKeys: 8 });
const asText = (value: unknown) => JSON.stringify(value);

/** Fields of each event, for frames that get every name right and some types wrong. */
const EVENT_FIELDS: Record<string, string[]> = {
  join: ['roomId', 'password', 'resumeToken'],
  offer: ['to', 'from', 'sdp'],
  answer: ['to', 'from', 'sdp'],
  candidate: ['to', 'from', 'candidate'],
  mute: ['audio', 'video'],
  chat: ['text', 'from', 'at'],
  'resp-join': ['roomId', 'selfId', 'peers', 'capacity', 'iceServers', 'resumeToken', 'resumed', 'resumeWindowMs'],
  'new-peer': ['peer'],
  'peer-updated': ['peer'],
  'peer-leave': ['peerId'],
  'turn-credentials': ['iceServers'],
  kicked: ['reason'],
  'room-closed': ['roomId'],
  error: ['code', 'message', 'ref', 'retryAfterSeconds'],
  admit: ['requestId'],
  deny: ['requestId'],
  waiting: ['roomId', 'requestId', 'timeoutMs'],
  knock: ['requestId', 'displayName', 'guest'],
  'knock-withdrawn': ['requestId'],
  denied: ['roomId', 'reason'],
};
const NESTED_FIELDS: Record<string, string[]> = {
  sdp: ['type', 'sdp'],
  candidate: ['candidate', 'sdpMid', 'sdpMLineIndex', 'usernameFragment'],
  peer: ['peerId', 'userId', 'displayName', 'audio', 'video', 'reconnecting', 'guest'],
};
const plausible = fc.oneof(
  fc.string({ minLength: 1, maxLength: 8 }),
  fc.nat(3),
  fc.boolean(),
  fc.constantFrom('offer'),
);
function shaped(fields: string[], nested = true): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    Object.fromEntries(
      fields.map((name) => [
        name,
        nested && NESTED_FIELDS[name]
          ? fc.oneof(shaped(NESTED_FIELDS[name], false), hostileField)
          : nested && (name === 'peers' || name === 'iceServers')
            ? fc.oneof(fc.array(shaped(NESTED_FIELDS['peer'].concat('urls'), false), { maxLength: 2 }), hostileField)
            : fc.oneof(
                { arbitrary: plausible, weight: 3 },
                { arbitrary: wrongType, weight: 2 },
                { arbitrary: hostileField, weight: 1 },
              ),
      ]),
    ),
    { requiredKeys: [] },
  );
}
const mangledFrameOf = (events: string[]) =>
  fc
    .constantFrom(...events.filter((event) => EVENT_FIELDS[event]))
    .chain((event) => fc.record({ event: fc.constant(event), data: shaped(EVENT_FIELDS[event]) }));
const mangledFrame = mangledFrameOf(Object.keys(EVENT_FIELDS));

const frameLike = fc.record(
  {
    event: fc.oneof(fc.constantFrom(...CLIENT_EVENTS, ...SERVER_EVENTS, 'constructor', '__proto__'), hostileField),
    data: fc.oneof(mangledData, hostileField),
    id: hostileField,
    cmd: fc.oneof(fc.constantFrom(...COMPAT_CMDS), hostileField),
    msg: fc.oneof(
      mangledData.map((v) => JSON.stringify(v)),
      hostileField,
    ),
    roomId: hostileField,
    remoteUid: hostileField,
  },
  { requiredKeys: [] },
);
/** Frames with a nested candidate or SDP inside `msg`, as the compat dialect carries them. */
const compatLike = fc.record({
  cmd: fc.oneof(fc.constantFrom('offer', 'answer', 'candidate', 'join'), fc.constantFrom(...COMPAT_CMDS)),
  roomId: fc.oneof(fc.string({ maxLength: 70 }), hostileField),
  remoteUid: fc.oneof(fc.string({ maxLength: 70 }), hostileField),
  password: fc.option(hostileField, { nil: undefined }),
  msg: fc.oneof(
    { arbitrary: shaped(['label', 'id', 'candidate', 'type', 'sdp'], false).map((v) => JSON.stringify(v)), weight: 4 },
    hostileField.map((v) => JSON.stringify(v)),
    hostileField,
  ),
});

const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  anyValue.map((v) => JSON.stringify(v)),
  deepValue.map((v) => JSON.stringify(v)),
  frameLike.map(asText),
  mangledFrame.map(asText),
  mangledFrame.map(asText),
  compatLike.map(asText),
  // Only text carries these: `1e400` parses to Infinity, `__proto__` to an own key.
  fc.constantFrom(
    '{"__proto__":{"event":"join"}}',
    '{"event":"join","data":{"__proto__":{"roomId":"x"}}}',
    '{"event":"error","data":{"code":"x","message":"","retryAfterSeconds":1e400}}',
    '{"event":"candidate","data":{"to":"p","candidate":{"candidate":"c","sdpMLineIndex":1e400}}}',
    '{"cmd":"candidate","remoteUid":"p","msg":"{\\"label\\":1e400,\\"candidate\\":\\"c\\"}"}',
    '[',
    '""',
  ),
);

function expectParseResult(result: ReturnType<typeof parseClientMessage>): void {
  if (result.ok) {
    expect(CLIENT_EVENTS).toContain(result.message.event);
  } else {
    expect(ERROR_CODES.has(result.code)).toBe(true);
    expect(typeof result.message).toBe('string');
  }
}

// ---- valid messages --------------------------------------------------------------------------------

const id = fc.string({ minLength: 1, maxLength: 64 });
const sdp = fc.record({
  type: fc.constantFrom('offer' as const, 'answer' as const, 'pranswer' as const, 'rollback' as const),
  sdp: fc.string({ maxLength: 300 }),
});
const candidate: fc.Arbitrary<IceCandidate> = fc
  .record(
    {
      candidate: fc.string({ maxLength: 200 }),
      sdpMid: fc.option(fc.string({ maxLength: 10 }), { nil: null }),
      sdpMLineIndex: fc.option(fc.nat(64), { nil: null }),
      usernameFragment: fc.string({ maxLength: 10 }),
    },
    { requiredKeys: ['candidate', 'sdpMid', 'sdpMLineIndex'] },
  )
  .filter((c) => c.sdpMid !== null || c.sdpMLineIndex !== null);
const chatText = fc.string({ minLength: 1, maxLength: MAX_CHAT_LENGTH }).filter((t) => t.trim().length > 0);

const clientMessage: fc.Arbitrary<ClientMessage> = fc.oneof(
  fc
    .record(
      { roomId: id, password: fc.string({ maxLength: 256 }), resumeToken: fc.string({ maxLength: 256 }) },
      { requiredKeys: ['roomId'] },
    )
    .map((data) => ({ event: 'join' as const, data })),
  fc.record({ to: id, sdp }).map((data) => ({ event: 'offer' as const, data })),
  fc.record({ to: id, sdp }).map((data) => ({ event: 'answer' as const, data })),
  fc.record({ to: id, candidate }).map((data) => ({ event: 'candidate' as const, data })),
  fc.record({ audio: fc.boolean(), video: fc.boolean() }).map((data) => ({ event: 'mute' as const, data })),
  fc.record({ text: chatText }).map((data) => ({ event: 'chat' as const, data })),
  fc.constant({ event: 'leave' as const, data: {} }),
  fc.constant({ event: 'keepalive' as const, data: {} }),
  id.map((requestId) => ({ event: 'admit' as const, data: { requestId } })),
  id.map((requestId) => ({ event: 'deny' as const, data: { requestId } })),
);

const peerInfo: fc.Arbitrary<PeerInfo> = fc.record(
  {
    peerId: id,
    userId: id,
    displayName: fc.string({ maxLength: 40 }),
    audio: fc.boolean(),
    video: fc.boolean(),
    reconnecting: fc.boolean(),
    guest: fc.boolean(),
  },
  { requiredKeys: ['peerId', 'userId', 'displayName', 'audio', 'video'] },
);
const iceServer: fc.Arbitrary<SignalingIceServer> = fc.record(
  { urls: fc.array(id, { minLength: 1, maxLength: 3 }), username: fc.string(), credential: fc.string() },
  { requiredKeys: ['urls'] },
);

const serverMessage: fc.Arbitrary<ServerMessage> = fc.oneof(
  fc
    .record({
      roomId: id,
      selfId: id,
      peers: fc.array(peerInfo, { maxLength: 5 }),
      capacity: fc.integer({ min: 1, max: 50 }),
      iceServers: fc.array(iceServer, { maxLength: 3 }),
      resumeToken: id,
      resumed: fc.boolean(),
      resumeWindowMs: fc.nat(),
      keepaliveIntervalMs: fc.integer({ min: 1, max: 60000 }),
    })
    .map((data) => ({ event: 'resp-join' as const, data })),
  peerInfo.map((peer) => ({ event: 'new-peer' as const, data: { peer } })),
  peerInfo.map((peer) => ({ event: 'peer-updated' as const, data: { peer } })),
  id.map((peerId) => ({ event: 'peer-leave' as const, data: { peerId } })),
  fc.record({ from: id, sdp }).map((data) => ({ event: 'offer' as const, data })),
  fc.record({ from: id, sdp }).map((data) => ({ event: 'answer' as const, data })),
  fc.record({ from: id, candidate }).map((data) => ({ event: 'candidate' as const, data })),
  fc.record({ from: id, text: fc.string(), at: fc.string() }).map((data) => ({ event: 'chat' as const, data })),
  fc.string().map((reason) => ({ event: 'kicked' as const, data: { reason } })),
  id.map((roomId) => ({ event: 'room-closed' as const, data: { roomId } })),
  fc
    .array(iceServer, { maxLength: 3 })
    .map((iceServers) => ({ event: 'turn-credentials' as const, data: { iceServers } })),
  fc.constant({ event: 'keepalive' as const, data: {} }),
  fc.record({ roomId: id, requestId: id, timeoutMs: fc.nat() }).map((data) => ({ event: 'waiting' as const, data })),
  fc
    .record({ requestId: id, displayName: fc.string({ maxLength: 40 }), guest: fc.boolean() })
    .map((data) => ({ event: 'knock' as const, data })),
  id.map((requestId) => ({ event: 'knock-withdrawn' as const, data: { requestId } })),
  fc
    .record({ roomId: id, reason: fc.constantFrom('denied' as const, 'timeout' as const) })
    .map((data) => ({ event: 'denied' as const, data })),
  fc
    .record(
      {
        code: fc.oneof(fc.constantFrom(...ERROR_CODES), id),
        message: fc.string(),
        ref: fc.oneof(fc.string({ maxLength: 64 }), fc.integer()),
        retryAfterSeconds: fc.nat(),
      },
      { requiredKeys: ['code', 'message'] },
    )
    .map((data) => ({ event: 'error' as const, data: data as ServerMessage['data'] & { code: SignalingErrorCode } })),
) as fc.Arbitrary<ServerMessage>;

/** Every path to a value inside a JSON value (objects and arrays), the root excluded. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    return [path, ...paths(child, path)];
  });
}

/** A valid message with exactly one value (possibly nested) replaced by a hostile one. */
function oneFieldWrong(valid: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc
    .tuple(valid, fc.nat(), fc.oneof(fc.constant(null), wrongType, hostileField))
    .map(([message, pick, replacement]) => {
      const copy = JSON.parse(JSON.stringify(message)) as Record<string, unknown>;
      const all = paths(copy);
      const path = all[pick % all.length];
      let parent = copy as Record<string | number, unknown>;
      for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
      parent[path[path.length - 1]] = replacement;
      return JSON.stringify(copy);
    });
}

const self = fc.option(fc.record({ peerId: id, roomId: id }), { nil: null });

// ---- properties ------------------------------------------------------------------------------------

describe('signaling parsers under arbitrary input', () => {
  it('parseClientMessage never throws and answers every rejection with a known error code', () => {
    fc.assert(
      fc.property(
        fc.oneof(hostileText, mangledFrameOf(CLIENT_EVENTS).map(asText), oneFieldWrong(clientMessage)),
        (raw) => expectParseResult(parseClientMessage(raw)),
      ),
      CLIENT_RUNS,
    );
  });

  it('parseCompatMessage never throws and answers every rejection with a known error code', () => {
    fc.assert(
      fc.property(
        fc.oneof({ arbitrary: hostileText, weight: 1 }, { arbitrary: compatLike.map(asText), weight: 3 }),
        (raw) => expectParseResult(parseCompatMessage(raw)),
      ),
      CLIENT_RUNS,
    );
  });

  it('parseServerMessage never throws and gives a reason for every rejection', () => {
    fc.assert(
      fc.property(
        fc.oneof(hostileText, mangledFrameOf(SERVER_EVENTS).map(asText), oneFieldWrong(serverMessage)),
        (raw) => {
          const result = parseServerMessage(raw);
          if (result.ok) expect(SERVER_EVENTS).toContain(result.message.event);
          else expect(typeof result.reason).toBe('string');
        },
      ),
      RUNS,
    );
  });

  it('toCompatFrames never throws on whatever parseServerMessage accepts, and its frames are JSON', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileText,
          serverMessage.map((m) => JSON.stringify(m)),
        ),
        self,
        (raw, me) => {
          const parsed = parseServerMessage(raw);
          if (!parsed.ok) return;
          for (const frame of toCompatFrames(parsed.message, me)) {
            expect(typeof frame.cmd).toBe('string');
            expect(JSON.parse(JSON.stringify(frame))).toEqual(JSON.parse(JSON.stringify(frame)));
          }
        },
      ),
      RUNS,
    );
  });

  it('what parseClientMessage accepts, serialized again, parses to the same message', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostileText,
          clientMessage.map((m) => JSON.stringify(m)),
        ),
        (raw) => {
          const first = parseClientMessage(raw);
          if (!first.ok) return;
          expect(parseClientMessage(JSON.stringify(first.message))).toEqual({ ok: true, message: first.message });
        },
      ),
      RUNS,
    );
  });
});

describe('signaling parsers on valid messages', () => {
  it('a valid client message round-trips through JSON and parseClientMessage unchanged', () => {
    fc.assert(
      fc.property(clientMessage, fc.option(fc.oneof(id, fc.integer()), { nil: undefined }), (message, ref) => {
        const wire = ref === undefined ? message : { ...message, id: ref };
        const expected = ref === undefined ? { ok: true, message } : { ok: true, message, ref };
        expect(parseClientMessage(JSON.stringify(wire))).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('a valid server message round-trips through JSON and parseServerMessage unchanged', () => {
    fc.assert(
      fc.property(serverMessage, (message) => {
        expect(parseServerMessage(JSON.stringify(message))).toEqual({ ok: true, message });
      }),
      RUNS,
    );
  });

  it('an SDP or candidate relayed to a course client and sent back by it is the same SDP or candidate', () => {
    const relayed = fc.oneof(
      fc.record({ from: id, sdp }).map((data) => ({ event: 'offer' as const, data })),
      fc.record({ from: id, sdp }).map((data) => ({ event: 'answer' as const, data })),
      fc
        .record({ from: id, candidate: candidate.map(({ usernameFragment: _, ...c }) => c) })
        .map((data) => ({ event: 'candidate' as const, data })),
    );
    fc.assert(
      fc.property(relayed, fc.record({ peerId: id, roomId: id }), (message, me) => {
        const frames = toCompatFrames(message, me);
        expect(frames).toHaveLength(1);
        // The course client answers the sender: its own frame addresses `uid` of what it received.
        const [frame] = frames;
        const reply = { ...frame, uid: frame.remoteUid, remoteUid: frame.uid };
        const parsed = parseCompatMessage(JSON.stringify(reply));
        const { from, ...payload } = message.data;
        expect(parsed).toEqual({ ok: true, message: { event: message.event, data: { to: from, ...payload } } });
      }),
      RUNS,
    );
  });

  it('a course join or leave translates to the native message with the same room', () => {
    fc.assert(
      fc.property(id, fc.option(fc.string({ maxLength: 256 }), { nil: undefined }), (roomId, password) => {
        const frame = password === undefined ? { cmd: 'join', roomId, uid: 'x' } : { cmd: 'join', roomId, password };
        const data = password === undefined ? { roomId } : { roomId, password };
        expect(parseCompatMessage(JSON.stringify(frame))).toEqual({ ok: true, message: { event: 'join', data } });
        expect(parseCompatMessage(JSON.stringify({ cmd: 'leave', roomId }))).toEqual({
          ok: true,
          message: { event: 'leave', data: {} },
        });
      }),
      RUNS,
    );
  });
});
