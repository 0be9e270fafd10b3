import { AUTO_MIN_BITRATE_BPS, videoEncoding } from './quality';

describe('videoEncoding', () => {
  it('gives fixed parameters for high, medium and low whatever the room size', () => {
    for (const peers of [1, 7]) {
      expect(videoEncoding('high', peers)).toEqual({
        maxBitrate: 2_500_000,
        maxFramerate: 30,
        scaleResolutionDownBy: 1,
      });
      expect(videoEncoding('medium', peers)).toEqual({
        maxBitrate: 1_000_000,
        maxFramerate: 30,
        scaleResolutionDownBy: 1.5,
      });
      expect(videoEncoding('low', peers)).toEqual({ maxBitrate: 300_000, maxFramerate: 15, scaleResolutionDownBy: 3 });
    }
  });

  it('in auto splits the uplink across the N−1 copies a mesh sends', () => {
    const bitrates = [1, 2, 3, 4, 5, 6, 7].map((peers) => videoEncoding('auto', peers).maxBitrate);
    expect(bitrates).toEqual([2_500_000, 2_000_000, 1_333_333, 1_000_000, 800_000, 666_667, 571_429]);
  });

  it('in auto lowers resolution as each copy gets fewer bits, and never drops below the floor', () => {
    expect([1, 2, 3, 5, 6].map((peers) => videoEncoding('auto', peers).scaleResolutionDownBy)).toEqual([
      1, 1, 1.5, 1.5, 2,
    ]);
    expect(videoEncoding('auto', 100).maxBitrate).toBe(AUTO_MIN_BITRATE_BPS);
    expect(videoEncoding('auto', 100).maxFramerate).toBe(20);
  });

  it('treats an empty room like one peer (the first uplink gets the cap)', () => {
    expect(videoEncoding('auto', 0)).toEqual(videoEncoding('auto', 1));
  });

  it('sends a shared screen at full resolution and at most 15 fps', () => {
    expect(videoEncoding('low', 2, true)).toEqual({ maxBitrate: 300_000, maxFramerate: 15, scaleResolutionDownBy: 1 });
    expect(videoEncoding('auto', 6, true)).toEqual({ maxBitrate: 666_667, maxFramerate: 15, scaleResolutionDownBy: 1 });
  });
});
