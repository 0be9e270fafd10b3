/** The fields of RTCStats entries the stats panel reads; every browser omits some of them. */
export interface RtcStat {
  id: string;
  type: string;
  timestamp: number;
  kind?: string;
  bytesReceived?: number;
  bytesSent?: number;
  packetsReceived?: number;
  packetsLost?: number;
  framesPerSecond?: number;
  framesDecoded?: number;
  frameWidth?: number;
  frameHeight?: number;
  codecId?: string;
  mimeType?: string;
  currentRoundTripTime?: number;
  roundTripTime?: number;
  selectedCandidatePairId?: string;
  localCandidateId?: string;
  remoteCandidateId?: string;
  candidateType?: string;
  state?: string;
  nominated?: boolean;
  selected?: boolean;
  audioLevel?: number;
  packetsSent?: number;
  fractionLost?: number;
  jitter?: number;
  framesDropped?: number;
  freezeCount?: number;
  totalFreezesDuration?: number;
  availableOutgoingBitrate?: number;
  qualityLimitationReason?: string;
  protocol?: string;
  relayProtocol?: string;
}

export interface StatsSnapshot {
  /** Milliseconds, from the reports' own clock. */
  timestamp: number;
  stats: ReadonlyMap<string, RtcStat>;
}

export interface PeerStats {
  rttMs: number | null;
  bitrateInKbps: number | null;
  bitrateOutKbps: number | null;
  /** Share of inbound packets lost since the previous snapshot, 0–100. */
  packetLossPercent: number | null;
  frameRate: number | null;
  resolution: string | null;
  /** Candidate type of the selected pair; `relay` when either end goes through TURN. */
  candidateType: string | null;
  relayed: boolean;
  codec: string | null;
  /** Level of the peer's inbound audio, 0–1. */
  audioLevel: number | null;
  /** Inbound jitter (audio when there is any), for the network indicator. */
  jitterMs: number | null;
  /** Loss on what we send, as the peer last reported it (RTCP), 0–100. */
  lossOutPercent: number | null;
  availableOutgoingBitrateKbps: number | null;
  /** Why the browser's encoder sends less than asked: `bandwidth`, `cpu`, `other` or `none`. */
  qualityLimitationReason: string | null;
}

export function toSnapshot(report: RTCStatsReport): StatsSnapshot {
  const stats = new Map<string, RtcStat>();
  let timestamp = 0;
  report.forEach((value: RtcStat) => {
    stats.set(value.id, value);
    timestamp = Math.max(timestamp, value.timestamp);
  });
  return { timestamp, stats };
}

export function ofType(snapshot: StatsSnapshot, type: string, kind?: string): RtcStat[] {
  return [...snapshot.stats.values()].filter((s) => s.type === type && (kind === undefined || s.kind === kind));
}

export function sum(
  stats: RtcStat[],
  field: 'bytesReceived' | 'bytesSent' | 'packetsReceived' | 'packetsLost' | 'packetsSent',
): number {
  return stats.reduce((total, s) => total + (s[field] ?? 0), 0);
}

export function selectedPair(snapshot: StatsSnapshot): RtcStat | undefined {
  for (const transport of ofType(snapshot, 'transport')) {
    const pair = transport.selectedCandidatePairId && snapshot.stats.get(transport.selectedCandidatePairId);
    if (pair) return pair;
  }
  const pairs = ofType(snapshot, 'candidate-pair');
  // Firefox marks the pair `selected`; Chromium without a transport entry leaves only `nominated`.
  return pairs.find((p) => p.selected) ?? pairs.find((p) => p.nominated && p.state === 'succeeded');
}

export function bitrateKbps(bytesNow: number, bytesBefore: number, seconds: number): number | null {
  if (seconds <= 0 || bytesNow < bytesBefore) return null;
  return Math.round(((bytesNow - bytesBefore) * 8) / 1000 / seconds);
}

/** Turns two getStats() snapshots of one connection into the numbers the stats panel shows. */
export function computePeerStats(previous: StatsSnapshot | null, current: StatsSnapshot): PeerStats {
  const inbound = ofType(current, 'inbound-rtp');
  const outbound = ofType(current, 'outbound-rtp');
  const videoIn = ofType(current, 'inbound-rtp', 'video')[0];
  const audioIn = ofType(current, 'inbound-rtp', 'audio')[0];

  const pair = selectedPair(current);
  const local = pair?.localCandidateId ? current.stats.get(pair.localCandidateId) : undefined;
  const remote = pair?.remoteCandidateId ? current.stats.get(pair.remoteCandidateId) : undefined;
  const relayed = local?.candidateType === 'relay' || remote?.candidateType === 'relay';
  const candidateType = relayed ? 'relay' : (local?.candidateType ?? null);

  const remoteInbound = ofType(current, 'remote-inbound-rtp').find((s) => s.roundTripTime !== undefined);
  const rttSeconds = pair?.currentRoundTripTime ?? remoteInbound?.roundTripTime;

  let bitrateInKbps: number | null = null;
  let bitrateOutKbps: number | null = null;
  let packetLossPercent: number | null = null;
  let frameRate: number | null = videoIn?.framesPerSecond ?? null;
  if (previous) {
    const seconds = (current.timestamp - previous.timestamp) / 1000;
    const inBefore = ofType(previous, 'inbound-rtp');
    bitrateInKbps = bitrateKbps(sum(inbound, 'bytesReceived'), sum(inBefore, 'bytesReceived'), seconds);
    bitrateOutKbps = bitrateKbps(
      sum(outbound, 'bytesSent'),
      sum(ofType(previous, 'outbound-rtp'), 'bytesSent'),
      seconds,
    );
    const received = sum(inbound, 'packetsReceived') - sum(inBefore, 'packetsReceived');
    const lost = sum(inbound, 'packetsLost') - sum(inBefore, 'packetsLost');
    if (received + lost > 0 && lost >= 0) packetLossPercent = Math.round((lost / (received + lost)) * 1000) / 10;
    const videoBefore = videoIn ? previous.stats.get(videoIn.id) : undefined;
    if (
      frameRate === null &&
      videoIn?.framesDecoded !== undefined &&
      videoBefore?.framesDecoded !== undefined &&
      seconds > 0
    ) {
      frameRate = Math.round((videoIn.framesDecoded - videoBefore.framesDecoded) / seconds);
    }
  }

  const remoteVideo = ofType(current, 'remote-inbound-rtp', 'video')[0];
  const jitter = (audioIn ?? videoIn)?.jitter;
  const codecStat = videoIn?.codecId ? current.stats.get(videoIn.codecId) : undefined;
  return {
    rttMs: rttSeconds === undefined ? null : Math.round(rttSeconds * 1000),
    bitrateInKbps,
    bitrateOutKbps,
    packetLossPercent,
    frameRate: frameRate === null ? null : Math.round(frameRate),
    resolution: videoIn?.frameWidth && videoIn.frameHeight ? `${videoIn.frameWidth}×${videoIn.frameHeight}` : null,
    candidateType,
    relayed,
    codec: codecStat?.mimeType ? codecStat.mimeType.replace(/^video\//, '') : null,
    audioLevel: audioIn?.audioLevel ?? null,
    jitterMs: jitter === undefined ? null : Math.round(jitter * 1000),
    lossOutPercent: remoteVideo?.fractionLost === undefined ? null : Math.round(remoteVideo.fractionLost * 1000) / 10,
    availableOutgoingBitrateKbps: kbpsOf(pair?.availableOutgoingBitrate),
    qualityLimitationReason: ofType(current, 'outbound-rtp', 'video')[0]?.qualityLimitationReason ?? null,
  };
}

/** A bit/s figure of the stats in kbit/s; absent stays null. */
export function kbpsOf(bps: number | undefined): number | null {
  return bps === undefined ? null : Math.round(bps / 1000);
}
