import { TestBed } from '@angular/core/testing';
import { PeerInfo } from '@webrtc-call/signaling-contracts';
import { fakeStream, FakePeerConnection, FakeTrack, flushPromises } from '../../testing/fake-peer-connection';
import { callTestProviders, joinAs as joinRoom, respJoin } from '../../testing/call-test-bed';
import { FakeWebSocket } from '../../testing/fake-web-socket';
import { CallMediaControlsService } from './call-media-controls.service';
import { CallStateService } from './call-state.service';
import { videoEncoding } from './quality';

const alice: PeerInfo = { peerId: 'peer-alice', userId: 'u-alice', displayName: 'Alice', audio: true, video: true };

describe('CallMediaControlsService', () => {
  let call: CallStateService;
  let controls: CallMediaControlsService;
  let tracks: FakeTrack[];
  let getDisplayMedia: jest.Mock;

  const socket = () => FakeWebSocket.latest();
  const connection = () => FakePeerConnection.instances[0];
  const videoSender = () => connection().senders.find((sender) => sender.track?.kind === 'video');

  /** Joins room r1 as Bob and lets the server confirm it with the given peers already inside. */
  const joinAs = (peers: PeerInfo[], options?: { receiveOnly?: boolean }) => joinRoom(call, respJoin(peers), options);

  beforeEach(() => {
    localStorage.clear();
    FakePeerConnection.reset();
    FakeWebSocket.reset();
    const local = fakeStream();
    tracks = local.tracks;
    getDisplayMedia = jest.fn();
    Object.defineProperty(navigator, 'mediaDevices', {
      value: { getUserMedia: jest.fn(() => Promise.resolve(local.stream)), getDisplayMedia },
      configurable: true,
    });

    TestBed.configureTestingModule({
      providers: callTestProviders(),
    });
    call = TestBed.inject(CallStateService);
    controls = TestBed.inject(CallMediaControlsService);
  });

  afterEach(() => call.leave());

  it('mutes the microphone track and tells the others with a mute frame', async () => {
    await joinAs([alice]);
    controls.setAudioEnabled(false);
    expect(socket().sent.at(-1)).toEqual({ event: 'mute', data: { audio: false, video: true } });
    expect(tracks[0].enabled).toBe(false);

    controls.setVideoEnabled(false);
    expect(socket().sent.at(-1)).toEqual({ event: 'mute', data: { audio: false, video: false } });
    expect(tracks[1].enabled).toBe(false);
  });

  it('sends no mute frame before the server has seated us, then tells it once connected', async () => {
    await call.join('r1');
    socket().serverOpen();
    controls.setAudioEnabled(false);
    expect(socket().sentEvents()).toEqual(['join']);

    socket().serverSend(respJoin([]));
    expect(socket().sent.at(-1)).toEqual({ event: 'mute', data: { audio: false, video: true } });
  });

  it('joined receive-only, tells the server it sends neither audio nor video', async () => {
    await joinAs([alice], { receiveOnly: true });
    expect(socket().sent).toContainEqual({ event: 'mute', data: { audio: false, video: false } });
  });

  it('swaps the screen into every connection in place of the camera and restores the camera after', async () => {
    const screen = { kind: 'video', enabled: true, stop: jest.fn(), addEventListener: jest.fn() };
    getDisplayMedia.mockResolvedValueOnce({ getVideoTracks: () => [screen] });
    await joinAs([alice]);
    const sender = videoSender();

    await controls.toggleScreenShare();
    await flushPromises();
    expect(sender?.replaceTrack).toHaveBeenLastCalledWith(screen);
    expect(sender?.parameters.encodings[0]).toMatchObject(videoEncoding('auto', 1, true));

    await controls.toggleScreenShare();
    await flushPromises();
    expect(screen.stop).toHaveBeenCalled();
    expect(sender?.replaceTrack).toHaveBeenLastCalledWith(tracks[1]);
    expect(sender?.parameters.encodings[0]).toMatchObject(videoEncoding('auto', 1));
  });

  it('tells the others a shared screen is video even with the camera off, and camera off again after', async () => {
    const screen = { kind: 'video', enabled: true, stop: jest.fn(), addEventListener: jest.fn() };
    getDisplayMedia.mockResolvedValueOnce({ getVideoTracks: () => [screen] });
    await joinAs([alice]);
    controls.setVideoEnabled(false);
    expect(socket().sent.at(-1)).toEqual({ event: 'mute', data: { audio: true, video: false } });

    await controls.toggleScreenShare();
    expect(socket().sent.at(-1)).toEqual({ event: 'mute', data: { audio: true, video: true } });
    await controls.toggleScreenShare();
    expect(socket().sent.at(-1)).toEqual({ event: 'mute', data: { audio: true, video: false } });
  });

  it('joined receive-only, shares a screen on a new video sender and tells the others it sends video', async () => {
    const screen = { kind: 'video', enabled: true, stop: jest.fn(), addEventListener: jest.fn() };
    getDisplayMedia.mockResolvedValueOnce({ getVideoTracks: () => [screen] });
    await joinAs([alice], { receiveOnly: true });
    expect(videoSender()).toBeUndefined();

    await controls.toggleScreenShare();
    await flushPromises();
    expect(videoSender()?.track).toBe(screen);
    expect(socket().sent.at(-1)).toEqual({ event: 'mute', data: { audio: false, video: true } });
  });

  it('shows a notice when screen sharing cannot start', async () => {
    getDisplayMedia.mockRejectedValueOnce(Object.assign(new Error('boom'), { name: 'NotReadableError' }));
    await joinAs([alice]);

    await controls.toggleScreenShare();
    expect(call.notices().map((notice) => notice.text)).toEqual([
      'Screen sharing could not start. Try again or pick another window.',
    ]);
  });

  it('applies the chosen quality to the video sender and remembers it', async () => {
    await joinAs([alice]);
    controls.setQuality('low');
    await flushPromises();

    expect(videoSender()?.parameters.encodings[0]).toMatchObject(videoEncoding('low', 1));
    expect(JSON.parse(localStorage.getItem('webrtc-call.preferences') ?? '{}')).toMatchObject({ quality: 'low' });
  });
});
