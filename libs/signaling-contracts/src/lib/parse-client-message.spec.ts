import { SignalingErrorCode } from './error-codes';
import { parseClientMessage } from './parse-client-message';

const frame = (event: unknown, data?: unknown) => JSON.stringify({ event, data });
const sdp = { type: 'offer', sdp: 'v=0\r\n' };
const candidate = { candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host', sdpMid: '0', sdpMLineIndex: 0 };

describe('parseClientMessage', () => {
  it('accepts a join with a room id', () => {
    expect(parseClientMessage(frame('join', { roomId: 'r1' }))).toEqual({
      ok: true,
      message: { event: 'join', data: { roomId: 'r1' } },
    });
  });

  it('accepts offer, answer and candidate addressed to a peer', () => {
    expect(parseClientMessage(frame('offer', { to: 'p1', sdp })).ok).toBe(true);
    expect(parseClientMessage(frame('answer', { to: 'p1', sdp: { ...sdp, type: 'answer' } })).ok).toBe(true);
    expect(parseClientMessage(frame('candidate', { to: 'p1', candidate })).ok).toBe(true);
  });

  it('accepts admit and deny naming a knock, and refuses them without one', () => {
    expect(parseClientMessage(frame('admit', { requestId: 'k1', extra: 1 }))).toEqual({
      ok: true,
      message: { event: 'admit', data: { requestId: 'k1' } },
    });
    expect(parseClientMessage(frame('deny', { requestId: 'k1' })).ok).toBe(true);
    expect(parseClientMessage(frame('deny', {}))).toMatchObject({ ok: false, code: SignalingErrorCode.InvalidMessage });
    expect(parseClientMessage(frame('admit', { requestId: 'x'.repeat(65) })).ok).toBe(false);
  });

  it('treats a missing data field of leave and keepalive as empty', () => {
    expect(parseClientMessage(JSON.stringify({ event: 'keepalive' }))).toEqual({
      ok: true,
      message: { event: 'keepalive', data: {} },
    });
    expect(parseClientMessage(frame('leave', {})).ok).toBe(true);
  });

  it('drops fields the protocol does not define before relaying', () => {
    const result = parseClientMessage(
      frame('candidate', { to: 'p1', from: 'spoofed', candidate: { ...candidate, extra: 'x' } }),
    );
    expect(result).toEqual({ ok: true, message: { event: 'candidate', data: { to: 'p1', candidate } } });
    const offer = parseClientMessage(frame('offer', { to: 'p1', sdp: { ...sdp, from: 'x' } }));
    expect(offer.ok && offer.message.data).toEqual({ to: 'p1', sdp });
  });

  it.each([
    ['not json', '{nope'],
    ['a json array', '[]'],
    ['a json string', '"join"'],
    ['a non-string event', frame(7, {})],
    ['a non-object data', frame('join', 'r1')],
    ['join without roomId', frame('join', {})],
    ['join with a numeric roomId', frame('join', { roomId: 1 })],
    ['an overlong roomId', frame('join', { roomId: 'x'.repeat(65) })],
    ['offer without to', frame('offer', { sdp })],
    ['offer with an unknown sdp type', frame('offer', { to: 'p1', sdp: { type: 'bogus', sdp: '' } })],
    ['answer without sdp text', frame('answer', { to: 'p1', sdp: { type: 'answer' } })],
    ['candidate that is not a string', frame('candidate', { to: 'p1', candidate: { ...candidate, candidate: 5 } })],
    ['candidate without mid or index', frame('candidate', { to: 'p1', candidate: { candidate: 'c' } })],
    [
      'candidate with a negative index',
      frame('candidate', { to: 'p1', candidate: { ...candidate, sdpMLineIndex: -1 } }),
    ],
  ])('rejects %s as invalid-message', (_name, raw) => {
    const result = parseClientMessage(raw);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.code).toBe(SignalingErrorCode.InvalidMessage);
  });

  it('rejects an unknown event with unknown-event', () => {
    const result = parseClientMessage(frame('dance', {}));
    expect(result).toMatchObject({ ok: false, code: SignalingErrorCode.UnknownEvent });
  });
});

describe('parseClientMessage (hardened protocol)', () => {
  it('echoes the frame id as ref on success and failure', () => {
    expect(parseClientMessage(JSON.stringify({ event: 'keepalive', data: {}, id: 7 }))).toMatchObject({
      ok: true,
      ref: 7,
    });
    expect(parseClientMessage(JSON.stringify({ event: 'join', data: {}, id: 'a1' }))).toMatchObject({
      ok: false,
      code: SignalingErrorCode.InvalidMessage,
      ref: 'a1',
    });
  });

  it('rejects an id that is neither a short string nor a number', () => {
    expect(parseClientMessage(JSON.stringify({ event: 'keepalive', data: {}, id: { x: 1 } }))).toMatchObject({
      ok: false,
      code: SignalingErrorCode.InvalidMessage,
    });
  });

  it('accepts join with a password and a resume token', () => {
    const result = parseClientMessage(frame('join', { roomId: 'r', password: 'pw', resumeToken: 't' }));
    expect(result).toMatchObject({ ok: true, message: { data: { roomId: 'r', password: 'pw', resumeToken: 't' } } });
  });

  it('answers an SDP over 32 KiB with message-too-large', () => {
    const result = parseClientMessage(
      frame('offer', { to: 'p1', sdp: { type: 'offer', sdp: 'a'.repeat(32 * 1024 + 1) } }),
    );
    expect(result).toMatchObject({ ok: false, code: SignalingErrorCode.MessageTooLarge });
  });

  it('validates mute and chat', () => {
    expect(parseClientMessage(frame('mute', { audio: false, video: true }))).toMatchObject({ ok: true });
    expect(parseClientMessage(frame('mute', { audio: 'no', video: true }))).toMatchObject({
      code: SignalingErrorCode.InvalidMessage,
    });
    expect(parseClientMessage(frame('chat', { text: 'hi' }))).toMatchObject({
      ok: true,
      message: { data: { text: 'hi' } },
    });
    expect(parseClientMessage(frame('chat', { text: '   ' }))).toMatchObject({
      code: SignalingErrorCode.InvalidMessage,
    });
    expect(parseClientMessage(frame('chat', { text: 'x'.repeat(2001) }))).toMatchObject({
      code: SignalingErrorCode.MessageTooLarge,
    });
  });
});
