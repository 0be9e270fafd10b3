import { createRoom, signUp, startTestApp, TestApp } from './support/test-app';
import { useWsClients } from './support/ws-client';

const MAX_ATTEMPTS = 3;
const WINDOW_MS = 5000;
const PASSWORD = 'the right password';

describe('room password guessing (e2e)', () => {
  let t: TestApp;
  const connect = useWsClients(() => t.wsUrl);

  beforeAll(async () => {
    t = await startTestApp({
      ROOM_PASSWORD_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      ROOM_PASSWORD_WINDOW_MS: String(WINDOW_MS),
      SIGNALING_RESUME_WINDOW_MS: '0',
    });
  });
  afterAll(() => t.close());

  it('refuses a user after too many wrong passwords, even with the right one, until the window ends', async () => {
    const owner = await signUp(t, 'Owner');
    const guesser = await signUp(t, 'Guesser');
    const guest = await signUp(t, 'Guest');
    const roomId = await createRoom(t, owner.token, { name: 'Guarded', password: PASSWORD });
    const g = await connect(guesser.token);
    const beforeFirstGuess = Date.now();

    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      g.send('join', { roomId, password: `guess ${i}` }, i);
      expect(await g.next('error')).toEqual({
        code: 'room-password',
        message: 'wrong or missing room password',
        ref: i,
      });
    }
    g.send('join', { roomId, password: PASSWORD }, 'right');
    const refused = await g.next('error');
    expect(refused).toMatchObject({ code: 'rate-limited', ref: 'right' });
    const seconds = Number(/^too many wrong room passwords: try again in (\d+) s$/.exec(refused.message)?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(WINDOW_MS / 1000);
    expect(refused.retryAfterSeconds).toBe(seconds);

    // The limit is the user's, not the socket's.
    const otherTab = await connect(guesser.token);
    otherTab.send('join', { roomId, password: PASSWORD });
    expect((await otherTab.next('error')).code).toBe('rate-limited');

    // Someone else still gets the usual answers.
    const h = await connect(guest.token);
    h.send('join', { roomId, password: 'not it' });
    expect((await h.next('error')).code).toBe('room-password');
    h.send('join', { roomId, password: PASSWORD });
    const guestJoin = await h.next('resp-join');

    await new Promise((resolve) => setTimeout(resolve, beforeFirstGuess + WINDOW_MS + 200 - Date.now()));
    g.send('join', { roomId, password: PASSWORD });
    const joined = await g.next('resp-join');
    expect(joined.peers.map((p) => p.peerId)).toEqual([guestJoin.selfId]);
    expect((await h.next('new-peer')).peer.peerId).toBe(joined.selfId);
  });
});
