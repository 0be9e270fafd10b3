import { VideoEncoding } from './quality';

/** What one connection's statistics say about its outgoing path, once per interval. */
export interface LinkFigures {
  availableOutgoingBitrateKbps: number | null;
  /** Loss on what we send, as the peer reports it, 0–100. */
  lossOutPercent: number | null;
  rttMs: number | null;
  /** The browser's own reason for sending less than asked (`bandwidth`, `cpu`, `other`, `none`). */
  qualityLimitationReason: string | null;
}

export type QualityLevelName = '180p' | '270p' | '360p' | '540p' | '720p';

export interface QualityLevel {
  /** The height it gives from the 720p camera the app asks for. */
  name: QualityLevelName;
  encoding: VideoEncoding;
}

/** From the lowest to the highest rung; each roughly halves or doubles the bits of its neighbour. */
export const QUALITY_LADDER: readonly QualityLevel[] = [
  { name: '180p', encoding: { maxBitrate: 200_000, scaleResolutionDownBy: 4, maxFramerate: 15 } },
  { name: '270p', encoding: { maxBitrate: 400_000, scaleResolutionDownBy: 8 / 3, maxFramerate: 24 } },
  { name: '360p', encoding: { maxBitrate: 700_000, scaleResolutionDownBy: 2, maxFramerate: 30 } },
  { name: '540p', encoding: { maxBitrate: 1_300_000, scaleResolutionDownBy: 4 / 3, maxFramerate: 30 } },
  { name: '720p', encoding: { maxBitrate: 2_500_000, scaleResolutionDownBy: 1, maxFramerate: 30 } },
];

/**
 * Why a connection sends at its level: where it started (from the number of peers), clear headroom,
 * or what holds it back (loss, too little bandwidth, too much delay to try more).
 */
export type AutoQualityReason = 'start' | 'headroom' | 'loss' | 'bandwidth' | 'delay';

export interface AutoQualityChoice {
  level: QualityLevel;
  reason: AutoQualityReason;
  /** The loss that set `reason` to loss. */
  lossPercent: number | null;
}

/**
 * The upload a typical home or mobile uplink sustains before anything is measured: a mesh sends one
 * copy per peer, so a connection starts at the rung its share of this pays for.
 */
export const START_UPLINK_BUDGET_BPS = 4_000_000;
/** Bad intervals in a row before a step down: one lost RTCP report is not a trend. */
export const STEP_DOWN_AFTER = 2;
/** Good intervals in a row before a step up; doubled after every step down, so a path that cannot carry more is not tried every few seconds. */
export const STEP_UP_AFTER = 5;
const MAX_STEP_UP_AFTER = 4 * STEP_UP_AFTER;
/**
 * Intervals with figures during which a new connection does not step down: the browser's bandwidth
 * estimate starts low and needs a few seconds to find the path, and reports itself limited meanwhile.
 */
export const WARM_UP_INTERVALS = 5;
export const HIGH_LOSS_PERCENT = 8;
export const LOW_LOSS_PERCENT = 2;
export const HIGH_RTT_MS = 400;
/** Below this share of the level's bitrate the path cannot carry the level. */
const STARVED_SHARE = 0.5;
/** From this share the path carries the level with room to spare (the browser estimates little beyond what is asked of it). */
const HEADROOM_SHARE = 0.9;

interface LinkState {
  rung: number;
  reason: AutoQualityReason;
  lossPercent: number | null;
  good: number;
  bad: number;
  upAfter: number;
  /** Intervals observed so far. */
  seen: number;
}

type Verdict = { kind: 'bad'; reason: 'loss' | 'bandwidth' } | { kind: 'good' } | { kind: 'hold'; reason?: 'delay' };

/** The highest rung whose bitrate a connection's share of the start budget pays for. */
export function startRung(remotePeers: number): number {
  const share = START_UPLINK_BUDGET_BPS / Math.max(1, remotePeers);
  let rung = 0;
  QUALITY_LADDER.forEach((level, index) => {
    if (level.encoding.maxBitrate <= share) rung = index;
  });
  return rung;
}

function verdict(figures: LinkFigures, level: QualityLevel): Verdict {
  const levelKbps = level.encoding.maxBitrate / 1000;
  const available = figures.availableOutgoingBitrateKbps;
  const loss = figures.lossOutPercent;
  if (loss !== null && loss >= HIGH_LOSS_PERCENT) return { kind: 'bad', reason: 'loss' };
  const starved = available !== null && available < STARVED_SHARE * levelKbps;
  // Chromium keeps saying `bandwidth` for a while after its estimate has recovered (it scales back up
  // slowly); with the estimate above the level's bitrate that is its own catching up, not our path.
  const held = figures.qualityLimitationReason === 'bandwidth' && (available === null || available < levelKbps);
  if (starved || held) return { kind: 'bad', reason: 'bandwidth' };
  if (figures.rttMs !== null && figures.rttMs >= HIGH_RTT_MS) return { kind: 'hold', reason: 'delay' };
  const roomy = available === null || available >= HEADROOM_SHARE * levelKbps;
  if (roomy && (loss === null || loss < LOW_LOSS_PERCENT)) return { kind: 'good' };
  return { kind: 'hold' };
}

/**
 * Bandwidth-aware auto quality, per connection: each sender climbs or descends the ladder on what its
 * own path reports, so one peer's poor path only lowers the copy sent to that peer. Steps down after a
 * few bad intervals, up only after several good ones in a row (hysteresis).
 */
export class AutoQualityController {
  private readonly links = new Map<string, LinkState>();

  /** The current choice for a connection; a new one starts at the rung the number of peers allows. */
  choice(peerId: string, remotePeers: number): AutoQualityChoice {
    const link = this.link(peerId, remotePeers);
    return { level: QUALITY_LADDER[link.rung], reason: link.reason, lossPercent: link.lossPercent };
  }

  /** One interval of a connection's figures; returns the choice after it. */
  observe(peerId: string, figures: LinkFigures, remotePeers: number): AutoQualityChoice {
    const link = this.link(peerId, remotePeers);
    // Nothing measured yet (still connecting): nothing to decide on.
    if (figures.availableOutgoingBitrateKbps === null && figures.lossOutPercent === null && figures.rttMs === null) {
      return this.choice(peerId, remotePeers);
    }
    const found = verdict(figures, QUALITY_LADDER[link.rung]);
    link.seen++;
    if (found.kind === 'bad' && link.seen <= WARM_UP_INTERVALS) {
      link.good = 0;
    } else if (found.kind === 'bad') {
      link.good = 0;
      link.bad++;
      link.reason = found.reason;
      link.lossPercent = found.reason === 'loss' ? figures.lossOutPercent : null;
      if (link.bad >= STEP_DOWN_AFTER && link.rung > 0) {
        link.rung--;
        link.bad = 0;
        link.upAfter = Math.min(MAX_STEP_UP_AFTER, link.upAfter * 2);
      }
    } else if (found.kind === 'good') {
      link.bad = 0;
      link.good++;
      link.reason = 'headroom';
      link.lossPercent = null;
      if (link.good >= link.upAfter && link.rung < QUALITY_LADDER.length - 1) {
        link.rung++;
        link.good = 0;
      }
    } else {
      link.bad = 0;
      link.good = 0;
      if (found.reason) link.reason = found.reason;
    }
    return this.choice(peerId, remotePeers);
  }

  /** Forgets connections that are gone. */
  retain(peerIds: readonly string[]): void {
    for (const peerId of [...this.links.keys()]) if (!peerIds.includes(peerId)) this.links.delete(peerId);
  }

  reset(): void {
    this.links.clear();
  }

  private link(peerId: string, remotePeers: number): LinkState {
    let link = this.links.get(peerId);
    if (!link) {
      link = {
        rung: startRung(remotePeers),
        reason: 'start',
        lossPercent: null,
        good: 0,
        bad: 0,
        upAfter: STEP_UP_AFTER,
        seen: 0,
      };
      this.links.set(peerId, link);
    }
    return link;
  }
}
