import type { ServerEvent } from './messages';
import { parseServerMessage } from './parse-server-message';

const frame = (event: unknown, data?: unknown) => JSON.stringify({ event, data });
const alice = { peerId: 'p-a', userId: 'u-a', displayName: 'Alice', audio: true, video: false };
const turn = { urls: ['turn:turn.example.org:3478'], username: 'u', credential: 'c' };
const sdp = { type: 'offer', sdp: 'v=0\r\n' };
const candidate = { candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host', sdpMid: '0', sdpMLineIndex: 0 };
const respJoin = {
  roomId: 'r1',
  selfId: 'p-b',
  peers: [alice],
  capacity: 4,
  iceServers: [turn],
  resumeToken: 'rt-1',
  resumed: false,
  resumeWindowMs: 30000,
  keepaliveIntervalMs: 5000,
};

/** One well-formed example of every event the server sends. */
const VALID: Record<ServerEvent, unknown> = {
  'resp-join': respJoin,
  'new-peer': { peer: { ...alice, guest: true } },
  'peer-leave': { peerId: 'p-a' },
  'peer-updated': { peer: { ...alice, reconnecting: true } },
  offer: { from: 'p-a', sdp },
  answer: { from: 'p-a', sdp: { type: 'answer', sdp: 'v=0\r\n' } },
  candidate: { from: 'p-a', candidate },
  keepalive: {},
  chat: { from: 'p-a', text: 'hi', at: '2026-01-01T10:00:00.000Z' },
  kicked: { reason: 'removed by the room owner' },
  'room-closed': { roomId: 'r1' },
  'turn-credentials': { iceServers: [turn] },
  waiting: { roomId: 'r1', requestId: 'k1', timeoutMs: 300000 },
  knock: { requestId: 'k1', displayName: 'Guest', guest: true },
  'knock-withdrawn': { requestId: 'k1' },
  denied: { roomId: 'r1', reason: 'timeout' },
  error: { code: 'room-full', message: 'the room is full', ref: 3, retryAfterSeconds: 12 },
};

const reject = (raw: string) => {
  const result = parseServerMessage(raw);
  expect(result).toEqual({ ok: false, reason: expect.any(String) });
  return result.ok ? '' : result.reason;
};

describe('parseServerMessage', () => {
  it.each(Object.entries(VALID))('accepts a well-formed %s as it is', (event, data) => {
    expect(parseServerMessage(frame(event, data))).toEqual({ ok: true, message: { event, data } });
  });

  it('treats a keepalive without data as empty', () => {
    expect(parseServerMessage(JSON.stringify({ event: 'keepalive' }))).toEqual({
      ok: true,
      message: { event: 'keepalive', data: {} },
    });
  });

  it('keeps only the fields the protocol defines', () => {
    const result = parseServerMessage(
      frame('resp-join', {
        ...respJoin,
        extra: 1,
        peers: [{ ...alice, email: 'a@example.org' }],
        iceServers: [{ ...turn, credentialType: 'password' }],
      }),
    );
    expect(result).toEqual({ ok: true, message: { event: 'resp-join', data: respJoin } });

    const relayed = parseServerMessage(frame('candidate', { from: 'p-a', to: 'x', candidate: { ...candidate, x: 1 } }));
    expect(relayed).toEqual({ ok: true, message: { event: 'candidate', data: { from: 'p-a', candidate } } });
    const offer = parseServerMessage(frame('offer', { from: 'p-a', sdp: { ...sdp, extra: true } }));
    expect(offer).toEqual({ ok: true, message: { event: 'offer', data: { from: 'p-a', sdp } } });
  });

  it('fills in a candidate with only one of sdpMid and sdpMLineIndex, and keeps usernameFragment', () => {
    const result = parseServerMessage(
      frame('candidate', { from: 'p-a', candidate: { candidate: 'c', sdpMLineIndex: 1, usernameFragment: 'uf' } }),
    );
    expect(result).toEqual({
      ok: true,
      message: {
        event: 'candidate',
        data: { from: 'p-a', candidate: { candidate: 'c', sdpMid: null, sdpMLineIndex: 1, usernameFragment: 'uf' } },
      },
    });
  });

  it('passes an error code this build does not know, so a newer server is still heard', () => {
    expect(parseServerMessage(frame('error', { code: 'brand-new', message: 'm' }))).toEqual({
      ok: true,
      message: { event: 'error', data: { code: 'brand-new', message: 'm' } },
    });
  });

  it.each([
    ['not json', '{nope'],
    ['a json array', '[]'],
    ['a json string', '"resp-join"'],
    ['null', 'null'],
    ['a non-string event', frame(7, {})],
    ['a non-object data', frame('peer-leave', 'p-a')],
    ['an array as data', frame('peer-leave', ['p-a'])],
  ])('rejects %s', (_name, raw) => {
    reject(raw);
  });

  it('rejects events the server does not send, client events and inherited names included', () => {
    expect(reject(frame('dance', {}))).toMatch(/unknown event "dance"/);
    reject(frame('join', { roomId: 'r1' }));
    reject(frame('leave', {}));
    reject(frame('toString', {}));
    reject(frame('__proto__', {}));
  });

  it.each([
    ['resp-join without selfId', { ...respJoin, selfId: undefined }, /selfId/],
    ['resp-join with an empty roomId', { ...respJoin, roomId: '' }, /roomId/],
    ['resp-join with a capacity of 0', { ...respJoin, capacity: 0 }, /capacity/],
    ['resp-join with a fractional capacity', { ...respJoin, capacity: 2.5 }, /capacity/],
    ['resp-join with peers not an array', { ...respJoin, peers: {} }, /peers/],
    ['resp-join with a peer without peerId', { ...respJoin, peers: [{ ...alice, peerId: undefined }] }, /peers\[0\]/],
    ['resp-join with a peer without userId', { ...respJoin, peers: [alice, { ...alice, userId: 3 }] }, /peers\[1\]/],
    ['resp-join with audio as a string', { ...respJoin, peers: [{ ...alice, audio: 'yes' }] }, /audio/],
    ['resp-join with a null peer', { ...respJoin, peers: [null] }, /peers\[0\]/],
    ['resp-join with iceServers missing', { ...respJoin, iceServers: undefined }, /iceServers/],
    ['resp-join with an ICE server without urls', { ...respJoin, iceServers: [{ username: 'u' }] }, /urls/],
    ['resp-join with empty ICE urls', { ...respJoin, iceServers: [{ urls: [] }] }, /urls/],
    ['resp-join with ICE urls as one string', { ...respJoin, iceServers: [{ urls: 'stun:x' }] }, /urls/],
    ['resp-join with a numeric credential', { ...respJoin, iceServers: [{ ...turn, credential: 1 }] }, /credential/],
    ['resp-join without resumeToken', { ...respJoin, resumeToken: undefined }, /resumeToken/],
    ['resp-join with resumed as a string', { ...respJoin, resumed: 'false' }, /resumed/],
    ['resp-join without resumeWindowMs', { ...respJoin, resumeWindowMs: undefined }, /resumeWindowMs/],
    ['resp-join with a negative resumeWindowMs', { ...respJoin, resumeWindowMs: -1 }, /resumeWindowMs/],
    ['resp-join with keepaliveIntervalMs 0', { ...respJoin, keepaliveIntervalMs: 0 }, /keepaliveIntervalMs/],
    ['resp-join with keepaliveIntervalMs as text', { ...respJoin, keepaliveIntervalMs: '5000' }, /keepalive/],
  ])('rejects %s', (_name, data, reason) => {
    expect(reject(frame('resp-join', data))).toMatch(reason);
  });

  it('rejects numbers JSON turns into Infinity', () => {
    const raw = frame('resp-join', { ...respJoin, keepaliveIntervalMs: 1 }).replace(
      '"keepaliveIntervalMs":1',
      '"keepaliveIntervalMs":1e400',
    );
    expect(reject(raw)).toMatch(/keepaliveIntervalMs/);
    expect(reject('{"event":"error","data":{"code":"x","message":"m","retryAfterSeconds":1e999}}')).toMatch(
      /retryAfterSeconds/,
    );
  });

  it.each([
    ['new-peer without peer', 'new-peer', {}],
    ['new-peer with a bad reconnecting flag', 'new-peer', { peer: { ...alice, reconnecting: 'yes' } }],
    ['peer-updated with a peer without displayName', 'peer-updated', { peer: { ...alice, displayName: null } }],
    ['peer-leave with a numeric peerId', 'peer-leave', { peerId: 7 }],
    ['offer without from', 'offer', { sdp }],
    ['offer with an unknown sdp type', 'offer', { from: 'p-a', sdp: { type: 'bogus', sdp: '' } }],
    ['answer without sdp text', 'answer', { from: 'p-a', sdp: { type: 'answer' } }],
    [
      'candidate with a numeric candidate line',
      'candidate',
      { from: 'p-a', candidate: { ...candidate, candidate: 5 } },
    ],
    ['candidate without mid or index', 'candidate', { from: 'p-a', candidate: { candidate: 'c' } }],
    ['candidate with a negative index', 'candidate', { from: 'p-a', candidate: { ...candidate, sdpMLineIndex: -1 } }],
    ['chat without text', 'chat', { from: 'p-a', at: 'now' }],
    ['chat without at', 'chat', { from: 'p-a', text: 'hi' }],
    ['chat with an empty from', 'chat', { from: '', text: 'hi', at: 'now' }],
    ['kicked without a reason', 'kicked', {}],
    ['room-closed without roomId', 'room-closed', {}],
    ['turn-credentials with a bad server', 'turn-credentials', { iceServers: [turn, { urls: [1] }] }],
    ['error without code', 'error', { message: 'm' }],
    ['error with a numeric code', 'error', { code: 404, message: 'm' }],
    ['error without message', 'error', { code: 'room-full' }],
    ['error with an object ref', 'error', { code: 'room-full', message: 'm', ref: {} }],
    ['error with a negative retryAfterSeconds', 'error', { code: 'rate-limited', message: 'm', retryAfterSeconds: -5 }],
    ['error with retryAfterSeconds as text', 'error', { code: 'rate-limited', message: 'm', retryAfterSeconds: '5' }],
  ])('rejects %s', (_name, event, data) => {
    expect(reject(frame(event, data))).toContain(event);
  });

  it('never throws, whatever arrives', () => {
    const junk: unknown[] = [null, 0, -1, 1.5, '', 'x', true, [], [null], {}, { a: null }, [{}], { peerId: {} }];
    for (const event of [...Object.keys(VALID), 'x']) {
      for (const data of junk) {
        expect(() => parseServerMessage(frame(event, data))).not.toThrow();
        for (const key of ['peer', 'peers', 'iceServers', 'sdp', 'candidate', 'code']) {
          expect(() =>
            parseServerMessage(frame(event, { ...(VALID[event as ServerEvent] as object), [key]: data })),
          ).not.toThrow();
        }
      }
    }
    for (const raw of ['', ' ', 'undefined', '{"event":null}', '{"__proto__":{"event":"keepalive"}}', '\u0000']) {
      expect(() => parseServerMessage(raw)).not.toThrow();
    }
  });
});
