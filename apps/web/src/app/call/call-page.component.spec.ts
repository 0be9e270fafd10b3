import { QUALITY_LADDER } from './auto-quality';
import { SendingQuality } from './call-media-controls.service';
import { PeerStats } from './call-stats';
import { fakeStream } from '../../testing/fake-peer-connection';
import {
  FakeCallState,
  FakeMedia,
  FakeMediaControls,
  FakeStats,
  peer,
  setUpCallPage,
} from '../../testing/call-page-test-bed';

describe('CallPageComponent', () => {
  let page: Awaited<ReturnType<typeof setUpCallPage>>;
  let state: FakeCallState;
  let stats: FakeStats;
  let controls: FakeMediaControls;
  let media: FakeMedia;
  const el = () => page.el();
  const byTestId = (id: string) => page.byTestId(id);
  const joinFromLobby = () => page.joinFromLobby();

  beforeEach(async () => {
    page = await setUpCallPage();
    ({ state, stats, controls, media } = page);
  });

  it('starts in the lobby and joins the room from the route when asked', async () => {
    expect(byTestId('lobby-join')).not.toBeNull();
    expect(byTestId('call-status')?.textContent?.trim()).toBe('Status: ready to join');
    expect(state.join).not.toHaveBeenCalled();

    byTestId('lobby-join')?.click();
    await page.fixture.whenStable();
    expect(state.join).toHaveBeenCalledWith('room-1', { receiveOnly: false });
    expect(byTestId('call-status')?.textContent?.trim()).toBe('Status: joining');
    // The lobby stays up until the server answers, its button saying so.
    const button = byTestId('lobby-join') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.textContent?.trim()).toBe('Joining…');

    state.status.set('connected');
    await page.fixture.whenStable();
    expect(byTestId('lobby-join')).toBeNull();
    expect(byTestId('local-video')).not.toBeNull();
  });

  it('renders one tile per peer with name, mute indicator and connection badge', async () => {
    await joinFromLobby();
    state.peers.set([
      peer('p-a', 'Alice', { audio: false }),
      peer('p-c', 'Carol', { connectionState: 'connecting' }),
      peer('p-d', 'Dan', { reconnecting: true }),
    ]);
    stats.stats.set(new Map([['p-a', { relayed: true } as PeerStats]]));
    await page.fixture.whenStable();

    const local = byTestId('local-video') as HTMLVideoElement;
    expect(local.muted).toBe(true);
    const tiles = Array.from(el().querySelectorAll<HTMLElement>('[data-testid="remote-tile"]'));
    expect(tiles.map((t) => t.getAttribute('data-peer-id'))).toEqual(['p-a', 'p-c', 'p-d']);
    const badges = tiles.map((t) => t.querySelector('[data-testid="peer-state"]')?.getAttribute('data-state'));
    expect(badges).toEqual(['relayed', 'connecting', 'reconnecting']);
    expect(tiles.map((t) => t.querySelector('[data-testid="peer-muted"]') !== null)).toEqual([true, false, false]);
  });

  it('says why a peer could not be reached and tries again on request', async () => {
    await joinFromLobby();
    state.peers.set([
      peer('p-b', 'Bob', { connectionState: 'failed', unreachable: 'relay-unreachable' }),
      peer('p-c', 'Carol'),
    ]);
    await page.fixture.whenStable();
    const notes = el().querySelectorAll<HTMLElement>('[data-testid="peer-unreachable"]');
    expect(notes).toHaveLength(1);
    expect(notes[0].getAttribute('role')).toBe('alert');
    expect(notes[0].textContent).toContain(
      'Could not connect to Bob: no direct path between your networks, and the relay server (TURN) cannot be reached from yours.',
    );
    notes[0].querySelector<HTMLButtonElement>('[data-testid="retry-peer"]')?.click();
    expect(state.retryPeer).toHaveBeenCalledWith('p-b');
  });

  it('shows reconnecting without leaving the call view', async () => {
    await joinFromLobby();
    state.status.set('reconnecting');
    await page.fixture.whenStable();
    expect(byTestId('reconnecting-banner')).not.toBeNull();
    expect(byTestId('leave')).not.toBeNull();
  });

  it('sends chat from the panel and counts unread messages while it is closed', async () => {
    await joinFromLobby();
    state.chat.set([{ id: 1, from: 'p-a', name: 'Alice', text: 'hi', at: '2026-01-01T10:00:00Z', self: false }]);
    await page.fixture.whenStable();
    expect(byTestId('chat-unread')?.textContent).toContain('1');

    byTestId('toggle-chat')?.click();
    await page.fixture.whenStable();
    expect(byTestId('chat-unread')).toBeNull();
    const input = el().querySelector<HTMLInputElement>('input[name="chatText"]');
    if (!input) throw new Error('no chat input');
    input.value = 'hello';
    input.dispatchEvent(new Event('input'));
    byTestId('chat-send')?.click();
    await page.fixture.whenStable();
    expect(state.sendChat).toHaveBeenCalledWith('hello');
  });

  it('hands the mute, camera, screen share and quality controls to the media controls', async () => {
    await joinFromLobby();
    byTestId('toggle-audio')?.click();
    byTestId('toggle-video')?.click();
    byTestId('toggle-screen')?.click();
    const quality = byTestId('quality') as HTMLSelectElement;
    quality.value = 'low';
    quality.dispatchEvent(new Event('change'));

    expect(controls.setAudioEnabled).toHaveBeenCalledWith(false);
    expect(controls.setVideoEnabled).toHaveBeenCalledWith(false);
    expect(controls.toggleScreenShare).toHaveBeenCalledTimes(1);
    expect(controls.setQuality).toHaveBeenCalledWith('low');
  });

  it('without a camera, offers no camera toggle and shows the avatar, but still lets the screen be shared', async () => {
    media.hasCamera.set(false);
    media.sendsVideo.set(false);
    media.notice.set('No camera was found.');
    media.localStream.set(fakeStream('mic', ['audio']).stream);
    await page.fixture.whenStable();
    expect(byTestId('media-notice')?.textContent).toContain('No camera was found.');
    expect(byTestId('lobby-toggle-video')?.textContent?.trim()).toBe('No camera');

    await joinFromLobby();
    const camera = byTestId('toggle-video') as HTMLButtonElement;
    expect([camera.disabled, camera.textContent?.trim()]).toEqual([true, 'No camera']);
    expect(byTestId('self-camera-off')).not.toBeNull();
    expect((byTestId('toggle-screen') as HTMLButtonElement).disabled).toBe(false);
  });

  it('leaves on the Leave button, on pagehide and when the page is destroyed', async () => {
    await joinFromLobby();
    byTestId('leave')?.click();
    window.dispatchEvent(new Event('pagehide'));
    page.fixture.destroy();
    expect(state.leave).toHaveBeenCalledTimes(3);
  });

  it('after leaving says so and links back to the rooms', async () => {
    await joinFromLobby();
    state.status.set('left');
    await page.fixture.whenStable();
    expect(el().textContent).toContain('You left the call');
    expect(byTestId('back-to-rooms')?.getAttribute('href')).toBe('/rooms');
    expect(byTestId('leave')).toBeNull();
  });

  it('shows the error in words and prompts for a room password when one is needed', async () => {
    await joinFromLobby();
    state.status.set('error');
    state.error.set({ reason: 'room-password' });
    state.needsPassword.set(true);
    await page.fixture.whenStable();

    expect(byTestId('call-error')?.textContent?.trim()).toBe('This room has a password. Enter it to join.');
    const input = byTestId('room-password') as HTMLInputElement;
    input.value = 'secret';
    input.dispatchEvent(new Event('input'));
    byTestId('password-submit')?.click();
    await page.fixture.whenStable();
    expect(state.join).toHaveBeenLastCalledWith('room-1', { password: 'secret' });
  });

  it("words the engine's typed error, keeping the reason a removal came with", async () => {
    await joinFromLobby();
    state.status.set('error');
    state.error.set({ reason: 'kicked', detail: 'removed by the room owner' });
    await page.fixture.whenStable();
    expect(byTestId('call-error')?.textContent?.trim()).toBe(
      'You were removed from this call (removed by the room owner). Ask the room owner before rejoining.',
    );

    state.error.set({ reason: 'barred' });
    await page.fixture.whenStable();
    expect(byTestId('call-error')?.textContent?.trim()).toBe(
      'You were removed from this room. You can rejoin only if the owner lets you back in.',
    );
  });

  it('shows on each remote tile how its network is doing, in words for assistive technology', async () => {
    await joinFromLobby();
    state.peers.set([peer('p-a', 'Alice'), peer('p-b', 'Bob'), peer('p-c', 'Carol')]);
    const figures = { rttMs: 30, jitterMs: 5, packetLossPercent: 0, lossOutPercent: 0 } as PeerStats;
    stats.stats.set(
      new Map([
        ['p-a', figures],
        ['p-b', { ...figures, packetLossPercent: 16 }],
      ]),
    );
    await page.fixture.whenStable();
    const indicators = page
      .allByTestId('remote-tile')
      .map((tile) => tile.querySelector('[data-testid="network-quality"]'));
    expect(indicators.map((i) => i?.getAttribute('data-band') ?? null)).toEqual(['good', 'poor', null]);
    expect(indicators.map((i) => i?.getAttribute('aria-label') ?? null)).toEqual([
      'Network to Alice: good',
      'Network to Bob: poor, packet loss',
      null,
    ]);
    expect(indicators[0]?.getAttribute('role')).toBe('img');
  });

  it('shows per peer in the stats panel the level its video is sent at and why', async () => {
    await joinFromLobby();
    state.peers.set([peer('p-a', 'Alice'), peer('p-b', 'Bob')]);
    controls.sending.set(
      new Map<string, SendingQuality>([
        ['p-a', { mode: 'auto', level: QUALITY_LADDER[4], reason: 'headroom', lossPercent: null }],
        ['p-b', { mode: 'auto', level: QUALITY_LADDER[2], reason: 'loss', lossPercent: 8 }],
      ]),
    );
    byTestId('toggle-stats')?.click();
    await page.fixture.whenStable();
    expect(page.allByTestId('stat-sending').map((el) => el.textContent?.trim())).toEqual([
      '720p · headroom',
      '360p · loss 8 %',
    ]);
    controls.sending.set(new Map([['p-a', { mode: 'manual', quality: 'low' }]]));
    await page.fixture.whenStable();
    expect(page.allByTestId('stat-sending').map((el) => el.textContent?.trim())).toEqual(['low · chosen by you', '–']);
  });

  it('after leaving sums up the call: duration, and per peer the band, round trip, loss and path', async () => {
    await joinFromLobby();
    state.status.set('left');
    page.report.summary.set({
      durationMs: 192_000,
      legs: [
        {
          peerId: 'p-a',
          name: 'Alice',
          outcome: 'connected',
          band: 'good',
          averageRttMs: 24,
          lossPercent: 0.1,
          path: 'direct',
        },
        {
          peerId: 'p-b',
          name: 'Bob',
          outcome: 'never-connected',
          band: null,
          averageRttMs: null,
          lossPercent: null,
          path: null,
        },
      ],
    });
    await page.fixture.whenStable();
    expect(byTestId('call-ended')).not.toBeNull();
    expect(byTestId('summary-duration')?.textContent?.trim()).toBe('Duration: 3 min 12 s');
    expect(page.allByTestId('summary-peer').map((el) => el.textContent?.trim())).toEqual([
      'Alice: good · 24 ms round trip · 0.1 % loss · direct',
      'Bob: could not connect',
    ]);
  });
});
