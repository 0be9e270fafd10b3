import { IceCandidate, QualitySample, RelayMessage, SessionDescription } from '@webrtc-call/signaling-contracts';
import { hasTurnServer } from '../connectivity/connectivity-check';
import { LegQuality } from './leg-quality';
import { VideoEncoding } from './quality';

/**
 * Why a connection found no path in time: no relay server is configured; one is, but this network
 * does not reach it (no relay candidate was gathered); or even the relay did not get through.
 */
export type UnreachableReason = 'no-relay' | 'relay-unreachable' | 'no-path';

export type PeerSessionEvent =
  | { type: 'stream'; peerId: string; stream: MediaStream }
  | { type: 'connection-state'; peerId: string; state: RTCPeerConnectionState }
  | { type: 'failure'; peerId: string; message: string }
  /** The connection gave up (`reason`), or is trying again after a `retry()` (`null`). */
  | { type: 'unreachable'; peerId: string; reason: UnreachableReason | null };

export function unreachableReason(turnConfigured: boolean, localCandidateTypes: readonly string[]): UnreachableReason {
  if (!turnConfigured) return 'no-relay';
  return localCandidateTypes.includes('relay') ? 'no-path' : 'relay-unreachable';
}

export interface PeerSessionOptions {
  peerId: string;
  /** The polite side yields (rolls back its own offer) when both offer at once. */
  polite: boolean;
  /**
   * Whether this side may send the first offer. The peer already in the room offers to a newcomer;
   * the newcomer holds its own negotiation back until that first offer has been answered.
   */
  initiator: boolean;
  connection: RTCPeerConnection;
  send: (message: RelayMessage) => void;
  emit: (event: PeerSessionEvent) => void;
  /** How long `disconnected` may last before an ICE restart; it often heals by itself. */
  disconnectGraceMs: number;
  /**
   * How long the connection may go without being connected (from its start, or from losing the
   * connection) before it stops restarting ICE and says why it cannot connect.
   */
  connectTimeoutMs: number;
  /** Where the leg's quality samples go; without it none are taken. */
  sendSample?: (sample: QualitySample) => void;
}

function toSessionDescription(description: RTCSessionDescription | RTCSessionDescriptionInit): SessionDescription {
  return { type: description.type, sdp: description.sdp ?? '' };
}

function toIceCandidate(candidate: RTCIceCandidate): IceCandidate {
  const json = candidate.toJSON();
  const result: IceCandidate = {
    candidate: json.candidate ?? '',
    sdpMid: json.sdpMid ?? null,
    sdpMLineIndex: json.sdpMLineIndex ?? null,
  };
  if (json.usernameFragment) result.usernameFragment = json.usernameFragment;
  return result;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One RTCPeerConnection to one remote peer, negotiated with the W3C "perfect negotiation" pattern:
 * either side may offer at any time (tracks, screen share, ICE restarts) and a collision is settled by
 * the impolite side ignoring the other's offer while the polite side rolls its own back implicitly.
 */
export class PeerSession {
  readonly peerId: string;
  readonly connection: RTCPeerConnection;
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswer = false;
  /** False on the newcomer until the first offer from the existing peer has been answered. */
  private mayOffer: boolean;
  private pendingCandidates: IceCandidate[] = [];
  /** Serialises remote descriptions and candidates so each is applied after the one before it. */
  private inbox: Promise<void> = Promise.resolve();
  private disconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private encoding: VideoEncoding | null = null;
  private closed = false;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set once the connect timeout passed: no more automatic ICE restarts until `retry()`. */
  private gaveUp = false;
  private leg: LegQuality | null;

  constructor(private readonly options: PeerSessionOptions) {
    this.peerId = options.peerId;
    this.connection = options.connection;
    this.mayOffer = options.initiator;
    this.leg = this.startLeg();
    this.startConnectTimer();
    const pc = this.connection;
    pc.onnegotiationneeded = () => void this.negotiate();
    pc.onicecandidate = (event: RTCPeerConnectionIceEvent) => {
      if (!event.candidate || !event.candidate.candidate) return;
      options.send({ event: 'candidate', data: { to: this.peerId, candidate: toIceCandidate(event.candidate) } });
    };
    pc.ontrack = (event: RTCTrackEvent) => {
      const stream = event.streams[0] ?? new MediaStream([event.track]);
      options.emit({ type: 'stream', peerId: this.peerId, stream });
    };
    pc.onconnectionstatechange = () => this.onConnectionState(pc.connectionState);
    pc.onsignalingstatechange = () => {
      if (pc.signalingState === 'stable') this.applyEncoding();
    };
  }

  get polite(): boolean {
    return this.options.polite;
  }

  handleDescription(description: SessionDescription): void {
    this.enqueue(async () => {
      const pc = this.connection;
      const readyForOffer = !this.makingOffer && (pc.signalingState === 'stable' || this.settingRemoteAnswer);
      const collision = description.type === 'offer' && !readyForOffer;
      this.ignoreOffer = !this.options.polite && collision;
      if (this.ignoreOffer) return;
      this.settingRemoteAnswer = description.type === 'answer';
      try {
        // On the polite side a colliding offer rolls our own back implicitly.
        await pc.setRemoteDescription(description);
      } finally {
        this.settingRemoteAnswer = false;
      }
      this.flushCandidates();
      if (description.type !== 'offer') return;
      await pc.setLocalDescription();
      const answer = pc.localDescription;
      if (answer) this.options.send({ event: 'answer', data: { to: this.peerId, sdp: toSessionDescription(answer) } });
      // From here on either side may renegotiate; the browser fires negotiationneeded again if our
      // own tracks still need an offer after this answer.
      this.mayOffer = true;
    });
  }

  handleCandidate(candidate: IceCandidate): void {
    this.enqueue(async () => {
      if (!this.connection.remoteDescription) {
        this.pendingCandidates.push(candidate);
        return;
      }
      await this.addCandidate(candidate);
    });
  }

  /** Sender parameters for video; applied now and again after every negotiation. */
  setVideoEncoding(encoding: VideoEncoding): void {
    this.encoding = encoding;
    this.applyEncoding();
  }

  restartIce(): void {
    if (this.closed || this.gaveUp) return;
    this.leg?.iceRestarted();
    this.connection.restartIce();
  }

  /** After giving up: try again, for another `connectTimeoutMs`. */
  retry(): void {
    if (this.closed || !this.gaveUp) return;
    this.gaveUp = false;
    // The verdict ended the leg; trying again is a new one.
    this.leg = this.startLeg();
    this.options.emit({ type: 'unreachable', peerId: this.peerId, reason: null });
    this.startConnectTimer();
    this.connection.restartIce();
  }

  close(): void {
    this.closed = true;
    this.leg?.end();
    clearTimeout(this.connectTimer);
    clearTimeout(this.disconnectTimer);
    const pc = this.connection;
    pc.onnegotiationneeded = null;
    pc.onicecandidate = null;
    pc.ontrack = null;
    pc.onconnectionstatechange = null;
    pc.onsignalingstatechange = null;
    pc.close();
  }

  /**
   * Sends the first offer now rather than when the browser fires `negotiationneeded` (a task later);
   * the event that follows finds the offer made, or the state not stable, and does nothing.
   */
  offer(): void {
    void this.negotiate();
  }

  /** Still waiting for the other side's first offer: nothing has been exchanged yet. */
  get awaitingFirstOffer(): boolean {
    return !this.mayOffer;
  }

  /** Stops waiting for the other side's first offer and sends one itself (a glare that follows is settled). */
  takeInitiative(): void {
    this.mayOffer = true;
    this.offer();
  }

  private async negotiate(): Promise<void> {
    if (this.closed || !this.mayOffer || this.makingOffer || this.connection.signalingState !== 'stable') return;
    try {
      this.makingOffer = true;
      await this.connection.setLocalDescription();
      const offer = this.connection.localDescription;
      if (offer?.type === 'offer') {
        this.options.send({ event: 'offer', data: { to: this.peerId, sdp: toSessionDescription(offer) } });
      }
    } catch (error: unknown) {
      this.fail(error);
    } finally {
      this.makingOffer = false;
    }
  }

  private startLeg(): LegQuality | null {
    const send = this.options.sendSample;
    return send ? new LegQuality({ peerId: this.peerId, connection: this.connection, send }) : null;
  }

  private onConnectionState(state: RTCPeerConnectionState): void {
    this.leg?.connectionState(state);
    this.options.emit({ type: 'connection-state', peerId: this.peerId, state });
    clearTimeout(this.disconnectTimer);
    if (state === 'connected') {
      clearTimeout(this.connectTimer);
      this.connectTimer = undefined;
    } else if (this.connectTimer === undefined && state !== 'closed') this.startConnectTimer();
    if (state === 'failed') this.restartIce();
    else if (state === 'disconnected') {
      this.disconnectTimer = setTimeout(() => {
        if (this.connection.connectionState === 'disconnected') this.restartIce();
      }, this.options.disconnectGraceMs);
    } else if (state === 'connected') this.applyEncoding();
  }

  private startConnectTimer(): void {
    clearTimeout(this.connectTimer);
    this.connectTimer = setTimeout(() => void this.giveUp(), this.options.connectTimeoutMs);
  }

  private async giveUp(): Promise<void> {
    if (this.closed || this.connection.connectionState === 'connected') return;
    this.gaveUp = true;
    const types: string[] = [];
    try {
      (await this.connection.getStats()).forEach((report: { type: string; candidateType?: string }) => {
        if (report.type === 'local-candidate' && report.candidateType) types.push(report.candidateType);
      });
    } catch {
      // A closed connection has no statistics; it is not ours to report then.
    }
    if (this.closed) return;
    const turn = hasTurnServer(this.connection.getConfiguration().iceServers ?? []);
    this.options.emit({ type: 'unreachable', peerId: this.peerId, reason: unreachableReason(turn, types) });
    this.leg?.gaveUp();
  }

  private flushCandidates(): void {
    const queued = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const candidate of queued) void this.addCandidate(candidate);
  }

  private async addCandidate(candidate: IceCandidate): Promise<void> {
    try {
      await this.connection.addIceCandidate(candidate);
    } catch (error: unknown) {
      // Candidates for an offer we ignored are expected to fail; a single bad one is never fatal.
      if (!this.ignoreOffer) console.warn(`[mesh] could not add a candidate from ${this.peerId}: ${errorText(error)}`);
    }
  }

  private applyEncoding(): void {
    const encoding = this.encoding;
    if (!encoding || this.closed || typeof this.connection.getSenders !== 'function') return;
    for (const sender of this.connection.getSenders()) {
      if (sender.track?.kind !== 'video') continue;
      const parameters = sender.getParameters();
      // Encodings are empty until the sender has been negotiated; the next stable state retries.
      if (!parameters.encodings?.length) continue;
      const [first] = parameters.encodings;
      if (
        first.maxBitrate === encoding.maxBitrate &&
        first.maxFramerate === encoding.maxFramerate &&
        first.scaleResolutionDownBy === encoding.scaleResolutionDownBy
      ) {
        continue;
      }
      parameters.encodings = parameters.encodings.map((e) => ({ ...e, ...encoding }));
      sender.setParameters(parameters).catch((error: unknown) => {
        console.warn(`[mesh] could not set video parameters for ${this.peerId}: ${errorText(error)}`);
      });
    }
  }

  private enqueue(step: () => Promise<void>): void {
    this.inbox = this.inbox.then(() => (this.closed ? undefined : step())).catch((error: unknown) => this.fail(error));
  }

  private fail(error: unknown): void {
    if (this.closed) return;
    const message = errorText(error);
    console.error(`[mesh] negotiation with ${this.peerId} failed: ${message}`);
    this.options.emit({ type: 'failure', peerId: this.peerId, message });
  }
}
