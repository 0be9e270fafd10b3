import { videoEncoding } from './quality';

describe('videoEncoding', () => {
  it('gives fixed parameters for high, medium and low', () => {
    expect(videoEncoding('high')).toEqual({ maxBitrate: 2_500_000, maxFramerate: 30, scaleResolutionDownBy: 1 });
    expect(videoEncoding('medium')).toEqual({ maxBitrate: 1_000_000, maxFramerate: 30, scaleResolutionDownBy: 1.5 });
    expect(videoEncoding('low')).toEqual({ maxBitrate: 300_000, maxFramerate: 15, scaleResolutionDownBy: 3 });
  });

  it('sends a shared screen at full resolution and at most 15 fps', () => {
    expect(videoEncoding('low', true)).toEqual({ maxBitrate: 300_000, maxFramerate: 15, scaleResolutionDownBy: 1 });
    expect(videoEncoding('high', true)).toEqual({ maxBitrate: 2_500_000, maxFramerate: 15, scaleResolutionDownBy: 1 });
  });
});
