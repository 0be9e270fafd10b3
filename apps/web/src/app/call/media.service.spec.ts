import { TestBed } from '@angular/core/testing';
import { fakeStream } from '../../testing/fake-peer-connection';
import { MediaAccessError, MediaService } from './media.service';

const failure = (name: string) => Object.assign(new Error(name), { name });

describe('MediaService', () => {
  let getUserMedia: jest.Mock<Promise<MediaStream>, [MediaStreamConstraints]>;
  let media: MediaService;

  /** A machine whose devices answer getUserMedia like a browser: both, one kind, or an error. */
  function devices(answer: (constraints: MediaStreamConstraints) => MediaStream | Error): void {
    getUserMedia.mockImplementation((constraints) => {
      const result = answer(constraints);
      return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
    });
  }

  beforeEach(() => {
    getUserMedia = jest.fn();
    Object.defineProperty(navigator, 'mediaDevices', {
      value: { getUserMedia, enumerateDevices: jest.fn(() => Promise.resolve([])) },
      configurable: true,
    });
    TestBed.configureTestingModule({ providers: [MediaService] });
    media = TestBed.inject(MediaService);
  });

  it('opens camera and microphone together', async () => {
    devices(() => fakeStream().stream);
    await media.start();
    expect(getUserMedia).toHaveBeenCalledTimes(1);
    expect([media.hasCamera(), media.hasMicrophone(), media.sendsVideo(), media.notice()]).toEqual([
      true,
      true,
      true,
      null,
    ]);
  });

  it('without a camera, joins with the microphone alone and says so', async () => {
    devices((c) => (c.video ? failure('NotFoundError') : fakeStream('mic', ['audio']).stream));
    await media.start();
    expect(getUserMedia.mock.calls.map(([c]) => Object.keys(c).sort())).toEqual([['audio', 'video'], ['audio']]);
    expect([media.hasCamera(), media.hasMicrophone(), media.sendsVideo(), media.sendsAudio()]).toEqual([
      false,
      true,
      false,
      true,
    ]);
    expect(media.notice()).toMatch(/^No camera was found\. Others will hear you but not see you/);
  });

  it('with the camera busy in another application, keeps the microphone and names the cause', async () => {
    devices((c) => (c.video ? failure('NotReadableError') : fakeStream('mic', ['audio']).stream));
    await media.start();
    expect(media.notice()).toMatch(/^Your camera is in use by another application/);
  });

  it('without a microphone, joins with the camera alone', async () => {
    devices((c) => (c.audio ? failure('NotFoundError') : fakeStream('cam', ['video']).stream));
    await media.start();
    expect([media.hasCamera(), media.hasMicrophone()]).toEqual([true, false]);
    expect(media.notice()).toMatch(/^No microphone was found\. Others will see you but not hear you/);
  });

  it('with neither device, reports the original failure', async () => {
    devices(() => failure('NotFoundError'));
    await expect(media.start()).rejects.toEqual(expect.any(MediaAccessError));
    await expect(media.start()).rejects.toMatchObject({ reason: 'NotFoundError' });
    expect(media.localStream()).toBeNull();
  });

  it('does not retry a refusal: denied permission stays an error', async () => {
    devices(() => failure('NotAllowedError'));
    await expect(media.start()).rejects.toMatchObject({ reason: 'NotAllowedError' });
    expect(getUserMedia).toHaveBeenCalledTimes(1);
  });

  it('clears the notice once both devices work again', async () => {
    devices((c) => (c.video ? failure('NotFoundError') : fakeStream('mic', ['audio']).stream));
    await media.start();
    devices(() => fakeStream().stream);
    await media.start();
    expect([media.hasCamera(), media.notice()]).toEqual([true, null]);
  });
});
