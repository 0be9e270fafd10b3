import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { signal, WritableSignal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap, provideRouter } from '@angular/router';
import { BehaviorSubject } from 'rxjs';
import { CallError } from './call-error';
import { CallMediaControlsService } from './call-media-controls.service';
import { CallNotice, CallStateService, CallStatus, ChatMessage, RemotePeer } from './call-state.service';
import { PeerStats } from './call-stats';
import { CallStatsService } from './call-stats.service';
import { CallPageComponent } from './call-page.component';
import { fakeStream } from '../../testing/fake-peer-connection';
import { MediaService } from './media.service';

const peer = (peerId: string, displayName: string, changes: Partial<RemotePeer> = {}): RemotePeer => ({
  peerId,
  displayName,
  stream: null,
  connectionState: 'connected',
  audio: true,
  video: true,
  reconnecting: false,
  ...changes,
});

class FakeCallState {
  readonly status: WritableSignal<CallStatus> = signal('idle');
  readonly error = signal<CallError | null>(null);
  readonly needsPassword = signal(false);
  readonly peers = signal<readonly RemotePeer[]>([]);
  readonly notices = signal<readonly CallNotice[]>([]);
  readonly chat = signal<readonly ChatMessage[]>([]);
  readonly roomId = signal<string | null>('room-1');
  readonly join = jest.fn((roomId: string) => {
    void roomId;
    this.status.set('joining');
    return Promise.resolve();
  });
  readonly leave = jest.fn();
  readonly sendChat = jest.fn(() => true);
}

class FakeMediaControls {
  readonly setAudioEnabled = jest.fn();
  readonly setVideoEnabled = jest.fn();
  readonly toggleScreenShare = jest.fn(() => Promise.resolve());
  readonly setQuality = jest.fn();
}

class FakeMedia {
  readonly audioEnabled = signal(true);
  readonly videoEnabled = signal(true);
  readonly localStream = signal<MediaStream | null>(null);
  readonly screenStream = signal<MediaStream | null>(null);
  readonly screenSharing = signal(false);
  readonly hasCamera = signal(true);
  readonly hasMicrophone = signal(true);
  readonly sendsVideo = signal(true);
  readonly sendsAudio = signal(true);
  readonly notice = signal<string | null>(null);
  readonly devices = signal([]);
  readonly canShareScreen = true;
  readonly start = jest.fn(() => Promise.resolve({} as MediaStream));
  readonly refreshDevices = jest.fn(() => Promise.resolve());
  readonly setAudioEnabled = jest.fn();
  readonly setVideoEnabled = jest.fn();
}

class FakeStats {
  readonly stats = signal<ReadonlyMap<string, PeerStats>>(new Map());
}

describe('CallPageComponent', () => {
  let fixture: ComponentFixture<CallPageComponent>;
  let state: FakeCallState;
  let stats: FakeStats;
  let controls: FakeMediaControls;
  let media: FakeMedia;
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);

  async function joinFromLobby(): Promise<void> {
    byTestId('lobby-join')?.click();
    state.status.set('connected');
    await fixture.whenStable();
  }

  beforeEach(async () => {
    state = new FakeCallState();
    stats = new FakeStats();
    controls = new FakeMediaControls();
    media = new FakeMedia();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        {
          provide: ActivatedRoute,
          useValue: { paramMap: new BehaviorSubject(convertToParamMap({ roomId: 'room-1' })) },
        },
      ],
    });
    TestBed.overrideComponent(CallPageComponent, {
      set: {
        providers: [
          { provide: CallStateService, useValue: state },
          { provide: CallMediaControlsService, useValue: controls },
          { provide: MediaService, useValue: media },
          { provide: CallStatsService, useValue: stats },
        ],
      },
    });
    fixture = TestBed.createComponent(CallPageComponent);
    await fixture.whenStable();
  });

  it('starts in the lobby and joins the room from the route when asked', async () => {
    expect(byTestId('lobby-join')).not.toBeNull();
    expect(byTestId('call-status')?.textContent?.trim()).toBe('Status: ready to join');
    expect(state.join).not.toHaveBeenCalled();

    byTestId('lobby-join')?.click();
    await fixture.whenStable();
    expect(state.join).toHaveBeenCalledWith('room-1', { receiveOnly: false });
    expect(byTestId('call-status')?.textContent?.trim()).toBe('Status: joining');
    expect(byTestId('lobby-join')).toBeNull();
  });

  it('renders one tile per peer with name, mute indicator and connection badge', async () => {
    await joinFromLobby();
    state.peers.set([
      peer('p-a', 'Alice', { audio: false }),
      peer('p-c', 'Carol', { connectionState: 'connecting' }),
      peer('p-d', 'Dan', { reconnecting: true }),
    ]);
    stats.stats.set(new Map([['p-a', { relayed: true } as PeerStats]]));
    await fixture.whenStable();

    const local = byTestId('local-video') as HTMLVideoElement;
    expect(local.muted).toBe(true);
    const tiles = Array.from(el().querySelectorAll<HTMLElement>('[data-testid="remote-tile"]'));
    expect(tiles.map((t) => t.getAttribute('data-peer-id'))).toEqual(['p-a', 'p-c', 'p-d']);
    const badges = tiles.map((t) => t.querySelector('[data-testid="peer-state"]')?.getAttribute('data-state'));
    expect(badges).toEqual(['relayed', 'connecting', 'reconnecting']);
    expect(tiles.map((t) => t.querySelector('[data-testid="peer-muted"]') !== null)).toEqual([true, false, false]);
  });

  it('shows reconnecting without leaving the call view', async () => {
    await joinFromLobby();
    state.status.set('reconnecting');
    await fixture.whenStable();
    expect(byTestId('reconnecting-banner')).not.toBeNull();
    expect(byTestId('leave')).not.toBeNull();
  });

  it('sends chat from the panel and counts unread messages while it is closed', async () => {
    await joinFromLobby();
    state.chat.set([{ id: 1, from: 'p-a', name: 'Alice', text: 'hi', at: '2026-01-01T10:00:00Z', self: false }]);
    await fixture.whenStable();
    expect(byTestId('chat-unread')?.textContent).toContain('1');

    byTestId('toggle-chat')?.click();
    await fixture.whenStable();
    expect(byTestId('chat-unread')).toBeNull();
    const input = el().querySelector<HTMLInputElement>('input[name="chatText"]');
    if (!input) throw new Error('no chat input');
    input.value = 'hello';
    input.dispatchEvent(new Event('input'));
    byTestId('chat-send')?.click();
    await fixture.whenStable();
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
    await fixture.whenStable();
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
    fixture.destroy();
    expect(state.leave).toHaveBeenCalledTimes(3);
  });

  it('after leaving says so and links back to the rooms', async () => {
    await joinFromLobby();
    state.status.set('left');
    await fixture.whenStable();
    expect(el().textContent).toContain('You left the call');
    expect(byTestId('back-to-rooms')?.getAttribute('href')).toBe('/rooms');
    expect(byTestId('leave')).toBeNull();
  });

  it('shows the error in words and prompts for a room password when one is needed', async () => {
    await joinFromLobby();
    state.status.set('error');
    state.error.set({ reason: 'room-password' });
    state.needsPassword.set(true);
    await fixture.whenStable();

    expect(byTestId('call-error')?.textContent?.trim()).toBe('This room has a password. Enter it to join.');
    const input = byTestId('room-password') as HTMLInputElement;
    input.value = 'secret';
    input.dispatchEvent(new Event('input'));
    byTestId('password-submit')?.click();
    await fixture.whenStable();
    expect(state.join).toHaveBeenLastCalledWith('room-1', { password: 'secret' });
  });

  it("words the engine's typed error, keeping the reason a removal came with", async () => {
    await joinFromLobby();
    state.status.set('error');
    state.error.set({ reason: 'kicked', detail: 'removed by the room owner' });
    await fixture.whenStable();
    expect(byTestId('call-error')?.textContent?.trim()).toBe(
      'You were removed from this call (removed by the room owner). Ask the room owner before rejoining.',
    );

    state.error.set({ reason: 'barred' });
    await fixture.whenStable();
    expect(byTestId('call-error')?.textContent?.trim()).toBe(
      'You were removed from this room. You can rejoin only if the owner lets you back in.',
    );
  });
});
