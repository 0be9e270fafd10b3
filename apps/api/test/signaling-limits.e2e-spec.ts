import WebSocket from 'ws';
import { createRoom, signUp, startTestApp, TestApp } from './support/test-app';
import { useWsClients } from './support/ws-client';

describe('signaling limits (e2e)', () => {
  let t: TestApp;
  let alice: { token: string; userId: string };
  let roomId: string;
  const connect = useWsClients(() => t.wsUrl);

  beforeAll(async () => {
    t = await startTestApp({
      SIGNALING_RATE_PER_SECOND: '5',
      SIGNALING_RATE_BURST: '10',
      SIGNALING_MAX_SOCKETS_PER_USER: '3',
      SIGNALING_IDLE_TIMEOUT_MS: '1000',
      SIGNALING_PING_INTERVAL_MS: '200',
      SIGNALING_RESUME_WINDOW_MS: '5000',
    });
    alice = await signUp(t, 'Alice');
    roomId = await createRoom(t, alice.token, { name: 'Limits' });
  });
  afterAll(() => t.close());

  it('answers the first frame beyond the burst with rate-limited, drops the rest, and recovers at the sustained rate', async () => {
    const a = await connect(alice.token);
    for (let i = 0; i < 13; i++) a.send('keepalive', {}, i);
    for (let i = 0; i < 10; i++) await a.next('keepalive');
    expect(await a.next('error')).toEqual({ code: 'rate-limited', message: 'slow down: messages are being dropped' });
    expect(await a.staysQuiet(300)).toBe(true);
    a.send('keepalive', {});
    expect(await a.next('keepalive')).toEqual({});
  });

  it('refuses a fourth socket for the same user with 4429', async () => {
    const { token } = await signUp(t, 'Many tabs');
    for (let i = 0; i < 3; i++) await (await connect(token)).registered();
    const fourth = await connect(token);
    expect((await fourth.closed).code).toBe(4429);
  });

  it('answers an SDP over 32 KiB with message-too-large and keeps the socket', async () => {
    const a = await connect(alice.token);
    a.send('offer', { to: 'someone', sdp: { type: 'offer', sdp: 'a'.repeat(33 * 1024) } }, 'big');
    expect(await a.next('error')).toMatchObject({ code: 'message-too-large', ref: 'big' });
    a.send('keepalive', {});
    expect(await a.next('keepalive')).toEqual({});
  });

  it('closes a socket that stops answering pings and tells the room the peer left', async () => {
    const a = await connect(alice.token);
    a.send('join', { roomId });
    await a.next('resp-join');
    const silent = await connect(alice.token, { autoPong: false });
    silent.send('join', { roomId });
    const { selfId } = await silent.next('resp-join');
    await a.next('new-peer');

    const started = Date.now();
    const keepAlive = setInterval(() => a.send('keepalive', {}), 200);
    try {
      expect(await a.next('keepalive', 3000)).toEqual({});
      let frame = await a.nextRaw(4000);
      while (frame['event'] === 'keepalive') frame = await a.nextRaw(4000);
      expect(frame).toEqual({ event: 'peer-leave', data: { peerId: selfId } });
    } finally {
      clearInterval(keepAlive);
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    expect((await silent.closed).code).toBe(1006);
  });

  it('keeps a socket that answers pings but sends nothing', async () => {
    const quiet = await connect(alice.token);
    await new Promise((r) => setTimeout(r, 1600));
    expect(quiet.socket.readyState).toBe(WebSocket.OPEN);
  });
});
