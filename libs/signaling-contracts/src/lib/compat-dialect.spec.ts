import { parseCompatMessage, toCompatFrames } from './compat-dialect';
import { SignalingErrorCode } from './error-codes';

const sdp = { type: 'offer', sdp: 'v=0\r\n' };

describe('compat dialect', () => {
  it('translates join, leave and an SDP carried as a JSON string', () => {
    expect(parseCompatMessage(JSON.stringify({ cmd: 'join', roomId: 'r1', uid: 'ignored' }))).toEqual({
      ok: true,
      message: { event: 'join', data: { roomId: 'r1' } },
    });
    expect(parseCompatMessage(JSON.stringify({ cmd: 'leave', roomId: 'r1', uid: 'me' }))).toMatchObject({
      ok: true,
      message: { event: 'leave' },
    });
    const offer = JSON.stringify({ cmd: 'offer', roomId: 'r1', uid: 'me', remoteUid: 'p2', msg: JSON.stringify(sdp) });
    expect(parseCompatMessage(offer)).toEqual({ ok: true, message: { event: 'offer', data: { to: 'p2', sdp } } });
  });

  it('maps a {label, id, candidate} candidate to {sdpMLineIndex, sdpMid, candidate} and back', () => {
    const msg = JSON.stringify({ label: 1, id: 'video', candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host' });
    const parsed = parseCompatMessage(JSON.stringify({ cmd: 'candidate', remoteUid: 'p2', msg }));
    expect(parsed).toEqual({
      ok: true,
      message: {
        event: 'candidate',
        data: {
          to: 'p2',
          candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: 'video', sdpMLineIndex: 1 },
        },
      },
    });
    const [frame] = toCompatFrames(
      { event: 'candidate', data: { from: 'p1', candidate: { candidate: 'c', sdpMid: 'audio', sdpMLineIndex: 0 } } },
      { peerId: 'p2', roomId: 'r1' },
    );
    expect(frame).toEqual({ cmd: 'candidate', roomId: 'r1', uid: 'p1', remoteUid: 'p2', msg: expect.any(String) });
    expect(JSON.parse(frame.msg as string)).toEqual({ label: 0, id: 'audio', candidate: 'c' });
  });

  it('announces each existing peer with resp-join {remoteUid}, and nothing in an empty room', () => {
    const peer = (peerId: string) => ({ peerId, userId: 'u', displayName: 'n', audio: true, video: true });
    const data = {
      roomId: 'r',
      selfId: 's',
      capacity: 2,
      iceServers: [],
      resumeToken: 't',
      resumed: false,
      resumeWindowMs: 30000,
      keepaliveIntervalMs: 5000,
    };
    expect(toCompatFrames({ event: 'resp-join', data: { ...data, peers: [] } }, null)).toEqual([]);
    expect(toCompatFrames({ event: 'resp-join', data: { ...data, peers: [peer('a')] } }, null)).toEqual([
      { cmd: 'resp-join', remoteUid: 'a' },
    ]);
    expect(toCompatFrames({ event: 'new-peer', data: { peer: peer('b') } }, null)).toEqual([
      { cmd: 'new-peer', remoteUid: 'b' },
    ]);
    expect(toCompatFrames({ event: 'peer-leave', data: { peerId: 'b' } }, null)).toEqual([
      { cmd: 'peer-leave', remoteUid: 'b' },
    ]);
  });

  it('rejects malformed compat frames with the native error codes', () => {
    expect(parseCompatMessage('nope')).toMatchObject({ ok: false, code: SignalingErrorCode.InvalidMessage });
    expect(parseCompatMessage(JSON.stringify({ cmd: 'offer', remoteUid: 'p', msg: '{bad' }))).toMatchObject({
      code: SignalingErrorCode.InvalidMessage,
    });
    expect(
      parseCompatMessage(
        JSON.stringify({ cmd: 'candidate', remoteUid: 'p', msg: '{"label":0,"id":"0","candidate":5}' }),
      ),
    ).toMatchObject({
      code: SignalingErrorCode.InvalidMessage,
    });
    expect(parseCompatMessage(JSON.stringify({ cmd: 'dance' }))).toMatchObject({
      code: SignalingErrorCode.UnknownEvent,
    });
  });
});
