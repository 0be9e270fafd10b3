export type VideoQuality = 'auto' | 'high' | 'medium' | 'low';
/** A quality the user picked by hand; it applies to every sender alike. */
export type ManualQuality = Exclude<VideoQuality, 'auto'>;

export const VIDEO_QUALITIES: readonly VideoQuality[] = ['auto', 'high', 'medium', 'low'];

/** What RTCRtpSender.setParameters applies to the single video encoding of a sender. */
export interface VideoEncoding {
  maxBitrate: number;
  maxFramerate: number;
  scaleResolutionDownBy: number;
}

const PRESETS: Record<ManualQuality, VideoEncoding> = {
  high: { maxBitrate: 2_500_000, maxFramerate: 30, scaleResolutionDownBy: 1 },
  medium: { maxBitrate: 1_000_000, maxFramerate: 30, scaleResolutionDownBy: 1.5 },
  low: { maxBitrate: 300_000, maxFramerate: 15, scaleResolutionDownBy: 3 },
};

/** Text on a shared screen needs sharpness more than motion. */
const SCREEN_MAX_FRAMERATE = 15;

/** A camera encoding adapted to a shared screen: full resolution, at most 15 fps, the same bits. */
export function forSource(encoding: VideoEncoding, screen: boolean): VideoEncoding {
  if (!screen) return { ...encoding };
  return { ...encoding, scaleResolutionDownBy: 1, maxFramerate: Math.min(encoding.maxFramerate, SCREEN_MAX_FRAMERATE) };
}

/** Sender parameters for a quality picked by hand (auto is decided per connection, see auto-quality.ts). */
export function videoEncoding(quality: ManualQuality, screen = false): VideoEncoding {
  return forSource(PRESETS[quality], screen);
}
