export type VideoQuality = 'auto' | 'high' | 'medium' | 'low';

export const VIDEO_QUALITIES: readonly VideoQuality[] = ['auto', 'high', 'medium', 'low'];

/** What RTCRtpSender.setParameters applies to the single video encoding of every sender. */
export interface VideoEncoding {
  maxBitrate: number;
  maxFramerate: number;
  scaleResolutionDownBy: number;
}

const PRESETS: Record<Exclude<VideoQuality, 'auto'>, VideoEncoding> = {
  high: { maxBitrate: 2_500_000, maxFramerate: 30, scaleResolutionDownBy: 1 },
  medium: { maxBitrate: 1_000_000, maxFramerate: 30, scaleResolutionDownBy: 1.5 },
  low: { maxBitrate: 300_000, maxFramerate: 15, scaleResolutionDownBy: 3 },
};

/**
 * Video upload a typical home or mobile uplink sustains. A mesh sends one copy of the camera to every
 * other participant, so in auto each copy gets an equal share of it.
 */
export const AUTO_UPLINK_BUDGET_BPS = 4_000_000;
export const AUTO_MAX_BITRATE_BPS = 2_500_000;
/** Below this the picture turns to mush; better to send fewer pixels than to starve the encoder. */
export const AUTO_MIN_BITRATE_BPS = 250_000;
/** Text on a shared screen needs sharpness more than motion. */
const SCREEN_MAX_FRAMERATE = 15;

function autoEncoding(remotePeers: number): VideoEncoding {
  const uplinks = Math.max(1, remotePeers);
  const share = Math.round(AUTO_UPLINK_BUDGET_BPS / uplinks);
  const maxBitrate = Math.min(AUTO_MAX_BITRATE_BPS, Math.max(AUTO_MIN_BITRATE_BPS, share));
  // Fewer pixels per bit keeps frames sharp as each copy's share shrinks.
  const scaleResolutionDownBy = maxBitrate >= 1_500_000 ? 1 : maxBitrate >= 700_000 ? 1.5 : 2;
  const maxFramerate = maxBitrate >= 500_000 ? 30 : 20;
  return { maxBitrate, maxFramerate, scaleResolutionDownBy };
}

/** Sender parameters for the chosen quality with `remotePeers` other participants (N−1 uplinks in a mesh). */
export function videoEncoding(quality: VideoQuality, remotePeers: number, screen = false): VideoEncoding {
  const base = quality === 'auto' ? autoEncoding(remotePeers) : PRESETS[quality];
  if (!screen) return { ...base };
  return { ...base, scaleResolutionDownBy: 1, maxFramerate: Math.min(base.maxFramerate, SCREEN_MAX_FRAMERATE) };
}
