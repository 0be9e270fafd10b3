import { TestBed } from '@angular/core/testing';
import { PeerInfo } from '@webrtc-call/signaling-contracts';
import { fakeStream, FakePeerConnection, FakeTrack, flushPromises } from '../../testing/fake-peer-connection';
import { callTestProviders, joinAs as joinRoom, respJoin } from '../../testing/call-test-bed';
import { FakeWebSocket } from '../../testing/fake-web-socket';
import { CallMediaControlsService } from './call-media-controls.service';
import { CallStateService } from './call-state.service';
import { LinkFigures, QUALITY_LADDER, STEP_DOWN_AFTER, WARM_UP_INTERVALS } from './auto-quality';
import { forSource, videoEncoding } from './quality';

const alice: PeerInfo = { peerId: 'peer-alice', userId: 'u-alice', displayName: 'Alice', audio: true, video: true };
const carol: PeerInfo = { ...alice, peerId: 'peer-carol', userId: 'u-carol', displayName: 'Carol' };
const top = QUALITY_LADDER[QUALITY_LADDER.length - 1];
const fine: LinkFigures = {
  availableOutgoingBitrateKbps: 3000,
  lossOutPercent: 0,
  rttMs: 20,
  qualityLimitationReason: 'none',
};
const lossy: LinkFigures = { ...fine, lossOutPercent: 20 };
/** Neither good enough to step up nor bad enough to step down. */
const steady: LinkFigures = { ...fine, lossOutPercent: 4 };

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
    expect(sender?.parameters.encodings[0]).toMatchObject(forSource(top.encoding, true));

    await controls.toggleScreenShare();
    await flushPromises();
    expect(screen.stop).toHaveBeenCalled();
    expect(sender?.replaceTrack).toHaveBeenLastCalledWith(tracks[1]);
    expect(sender?.parameters.encodings[0]).toMatchObject(top.encoding);
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

    expect(videoSender()?.parameters.encodings[0]).toMatchObject(videoEncoding('low'));
    expect(JSON.parse(localStorage.getItem('webrtc-call.preferences') ?? '{}')).toMatchObject({ quality: 'low' });
  });

  describe('auto quality', () => {
    const sentTo = (index: number) =>
      FakePeerConnection.instances[index].senders.find((sender) => sender.track?.kind === 'video')?.parameters
        .encodings[0];
    const intervals = (count: number, figures: Map<string, LinkFigures>) => {
      for (let i = 0; i < count; i++) controls.observeNetwork(figures);
    };

    it('lowers only the sender whose path loses packets, and says why', async () => {
      await joinAs([alice, carol]);
      const start = sentTo(0);
      expect(sentTo(1)).toEqual(start);

      intervals(
        WARM_UP_INTERVALS + STEP_DOWN_AFTER,
        new Map([
          ['peer-alice', steady],
          ['peer-carol', lossy],
        ]),
      );
      await flushPromises();
      expect(sentTo(0)).toEqual(start);
      expect((sentTo(1)?.maxBitrate ?? 0) < (start?.maxBitrate ?? 0)).toBe(true);
      expect(controls.sending().get('peer-carol')).toMatchObject({ mode: 'auto', reason: 'loss', lossPercent: 20 });
      expect(controls.sending().get('peer-alice')).toMatchObject({ mode: 'auto', reason: 'start' });
    });

    it('leaves a manual pick alone whatever the network says, and starts over when back in auto', async () => {
      await joinAs([alice, carol]);
      const start = sentTo(1);
      controls.setQuality('high');
      intervals(WARM_UP_INTERVALS + 4 * STEP_DOWN_AFTER, new Map([['peer-carol', lossy]]));
      await flushPromises();
      expect(sentTo(1)).toMatchObject(videoEncoding('high'));
      expect(controls.sending().get('peer-carol')).toEqual({ mode: 'manual', quality: 'high' });

      controls.setQuality('auto');
      await flushPromises();
      expect(sentTo(1)).toEqual(start);
    });
  });
});
