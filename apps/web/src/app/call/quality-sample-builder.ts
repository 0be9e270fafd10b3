import {
  CandidateType,
  LegOutcome,
  QualitySample,
  RelayProtocol,
  TransportProtocol,
} from '@webrtc-call/signaling-contracts';
import { bitrateKbps, kbpsOf, ofType, RtcStat, selectedPair, StatsSnapshot, sum } from './call-stats';

/** What the leg itself knows, as opposed to what getStats() reports. */
export interface LegFacts {
  peerId: string;
  final: boolean;
  outcome: LegOutcome;
  timeToConnectMs: number | null;
  timeToFirstFrameMs: number | null;
  iceRestarts: number;
}

const CANDIDATE_TYPES: readonly string[] = ['host', 'srflx', 'prflx', 'relay'];
const PROTOCOLS: readonly string[] = ['udp', 'tcp'];
const RELAY_PROTOCOLS: readonly string[] = ['udp', 'tcp', 'tls'];

function oneOf<T extends string>(allowed: readonly string[], value: string | undefined): T | null {
  return value !== undefined && allowed.includes(value) ? (value as T) : null;
}

function orNull(value: number | undefined, scale = 1): number | null {
  return value === undefined || !Number.isFinite(value) || value < 0 ? null : Math.round(value * scale);
}

function total(stats: RtcStat[], field: Parameters<typeof sum>[1]): number | null {
  // Duplicated packets can make a browser's lost count negative; a count below zero means none.
  return stats.some((s) => s[field] !== undefined) ? Math.max(0, sum(stats, field)) : null;
}

/**
 * Lost over lost-plus-other since `before`, in percent with one decimal; null without packets to count.
 * When the earlier reading predates the stream (or its first receiver report), the counters are taken
 * from the stream's start: they count from zero.
 */
function lossPercent(
  lostNow: number | null,
  lostBefore: number | null,
  otherNow: number | null,
  otherBefore: number | null,
  otherIsExpected: boolean,
): number | null {
  if (lostNow === null || otherNow === null) return null;
  const fromStart = lostBefore === null || otherBefore === null;
  const lost = lostNow - (fromStart ? 0 : lostBefore);
  const other = otherNow - (fromStart ? 0 : otherBefore);
  const expected = otherIsExpected ? other : other + lost;
  if (expected <= 0 || lost < 0) return null;
  return Math.min(100, Math.round((lost / expected) * 1000) / 10);
}

/**
 * Whether the first picture arrived: a decoded video frame, or decoded audio when no video comes at all
 * (the peer sends none). `videoExpected` says the peer negotiated sending video: then audio, which
 * usually arrives first, does not count before the first frame.
 */
export function firstFrameArrived(snapshot: StatsSnapshot, videoExpected = false): boolean {
  const video = ofType(snapshot, 'inbound-rtp', 'video');
  if (video.some((s) => (s.framesDecoded ?? 0) > 0)) return true;
  if (videoExpected) return false;
  const videoFlowing = video.some((s) => (s.packetsReceived ?? 0) > 0);
  return !videoFlowing && ofType(snapshot, 'inbound-rtp', 'audio').some((s) => (s.packetsReceived ?? 0) > 0);
}

/**
 * One `stats` sample of a leg: cumulative figures from `current`, interval figures (loss, bitrates) from
 * the difference with `previous`. Whatever the browser does not report stays null.
 */
export function buildQualitySample(
  facts: LegFacts,
  previous: StatsSnapshot | null,
  current: StatsSnapshot | null,
): QualitySample {
  const now = current ?? { timestamp: 0, stats: new Map<string, RtcStat>() };
  const pair = selectedPair(now);
  const local = pair?.localCandidateId ? now.stats.get(pair.localCandidateId) : undefined;
  const remote = pair?.remoteCandidateId ? now.stats.get(pair.remoteCandidateId) : undefined;
  const inbound = ofType(now, 'inbound-rtp');
  const outbound = ofType(now, 'outbound-rtp');
  const remoteInbound = ofType(now, 'remote-inbound-rtp');
  const videoIn = ofType(now, 'inbound-rtp', 'video')[0];
  const audioIn = ofType(now, 'inbound-rtp', 'audio')[0];
  const rttSeconds =
    pair?.currentRoundTripTime ?? remoteInbound.find((s) => s.roundTripTime !== undefined)?.roundTripTime;

  const packetsLostIn = total(inbound, 'packetsLost');
  const packetsReceivedIn = total(inbound, 'packetsReceived');
  const packetsLostOut = total(remoteInbound, 'packetsLost');
  const packetsSentOut = total(outbound, 'packetsSent');

  let lossInPercent: number | null = null;
  let lossOutPercent: number | null = null;
  let bitrateInKbps: number | null = null;
  let bitrateOutKbps: number | null = null;
  if (previous && current) {
    const seconds = (current.timestamp - previous.timestamp) / 1000;
    const before = (type: string, field: Parameters<typeof sum>[1]) => total(ofType(previous, type), field);
    lossInPercent = lossPercent(
      packetsLostIn,
      before('inbound-rtp', 'packetsLost'),
      packetsReceivedIn,
      before('inbound-rtp', 'packetsReceived'),
      false,
    );
    lossOutPercent = lossPercent(
      packetsLostOut,
      before('remote-inbound-rtp', 'packetsLost'),
      packetsSentOut,
      before('outbound-rtp', 'packetsSent'),
      true,
    );
    bitrateInKbps = bitrateKbps(
      sum(inbound, 'bytesReceived'),
      sum(ofType(previous, 'inbound-rtp'), 'bytesReceived'),
      seconds,
    );
    bitrateOutKbps = bitrateKbps(
      sum(outbound, 'bytesSent'),
      sum(ofType(previous, 'outbound-rtp'), 'bytesSent'),
      seconds,
    );
  }

  return {
    ...facts,
    localCandidateType: oneOf<CandidateType>(CANDIDATE_TYPES, local?.candidateType),
    remoteCandidateType: oneOf<CandidateType>(CANDIDATE_TYPES, remote?.candidateType),
    protocol: oneOf<TransportProtocol>(PROTOCOLS, local?.protocol),
    relayProtocol: local?.candidateType === 'relay' ? oneOf<RelayProtocol>(RELAY_PROTOCOLS, local.relayProtocol) : null,
    rttMs: orNull(rttSeconds, 1000),
    jitterMs: orNull((audioIn ?? videoIn)?.jitter, 1000),
    packetsLostIn,
    packetsReceivedIn,
    packetsLostOut,
    packetsSentOut,
    lossInPercent,
    lossOutPercent,
    bitrateInKbps,
    bitrateOutKbps,
    framesDecoded: orNull(videoIn?.framesDecoded),
    framesDropped: orNull(videoIn?.framesDropped),
    freezeCount: orNull(videoIn?.freezeCount),
    totalFreezesDurationMs: orNull(videoIn?.totalFreezesDuration, 1000),
    frameWidth: orNull(videoIn?.frameWidth),
    frameHeight: orNull(videoIn?.frameHeight),
    framesPerSecond: orNull(videoIn?.framesPerSecond),
    availableOutgoingBitrateKbps: kbpsOf(pair?.availableOutgoingBitrate),
  };
}
