import { IceCandidate, QualitySample, RelayMessage, SessionDescription } from '@webrtc-call/signaling-contracts';
import { Observable, Subject } from 'rxjs';
import { PeerConnectionFactory } from './peer-connection-factory';
import { PeerSession, PeerSessionEvent } from './peer-session';
import { VideoEncoding } from './quality';

export type PeerMeshEvent = PeerSessionEvent;

export interface PeerMeshOptions {
  /** Our peer id; comparing it with the remote one decides who is polite. */
  selfId: string;
  configuration: RTCConfiguration;
  createPeerConnection: PeerConnectionFactory;
  /** Local tracks added to every connection; null joins receive-only. */
  localStream: MediaStream | null;
  /** Relays offer/answer/candidate frames to the signaling server. */
  send: (message: RelayMessage) => void;
  /** Sends each connection's quality samples (the `stats` event); the final one goes out as it closes. */
  sendSample?: (sample: QualitySample) => void;
  disconnectGraceMs?: number;
  connectTimeoutMs?: number;
}

export const DISCONNECT_GRACE_MS = 4000;
/** A connection that finds no path within this long says why, instead of trying forever. */
export const CONNECT_TIMEOUT_MS = 30000;

/** The side with the smaller peer id yields on glare; both sides compute the same answer. */
export function isPolite(selfId: string, remoteId: string): boolean {
  return selfId < remoteId;
}

/**
 * One RTCPeerConnection per remote peer (a full mesh). The peer already in the room sends the first
 * offer (`connect(id, 'offer')`); the newcomer prepares its connection and waits (`'await-offer'`).
 * Afterwards either side renegotiates freely; PeerSession settles collisions.
 */
export class PeerMesh {
  private readonly sessions = new Map<string, PeerSession>();
  /** The video sender of each connection, found again for replaceTrack even while its track is swapped. */
  private readonly videoSenders = new Map<string, RTCRtpSender>();
  private readonly eventsSubject = new Subject<PeerMeshEvent>();
  private configuration: RTCConfiguration;
  private videoTrack: MediaStreamTrack | null;
  private encoding: VideoEncoding | null = null;
  private closed = false;

  readonly events$: Observable<PeerMeshEvent> = this.eventsSubject.asObservable();

  constructor(private readonly options: PeerMeshOptions) {
    this.configuration = options.configuration;
    this.videoTrack = options.localStream?.getVideoTracks()[0] ?? null;
  }

  get peerIds(): string[] {
    return [...this.sessions.keys()];
  }

  has(peerId: string): boolean {
    return this.sessions.has(peerId);
  }

  connect(peerId: string, role: 'offer' | 'await-offer'): void {
    if (this.closed) return;
    const session = this.sessions.get(peerId);
    if (!session) {
      this.createSession(peerId, role === 'offer');
      return;
    }
    // Two peers seated at the same moment may each find the other already listed when welcomed, and
    // both wait for an offer. The announcement of a newcomer means it waits for us: offer anyway (when
    // both do, perfect negotiation settles the glare).
    if (role === 'offer' && session.awaitingFirstOffer) {
      this.askForMissingKinds(session.connection);
      session.takeInitiative();
    }
  }

  handleOffer(from: string, sdp: SessionDescription): void {
    if (this.closed) return;
    // An offer from a peer we were not told about still gets an answer; the server vouches for room membership.
    const session = this.sessions.get(from) ?? this.createSession(from, false);
    session.handleDescription(sdp);
  }

  handleAnswer(from: string, sdp: SessionDescription): void {
    const session = this.sessions.get(from);
    if (!session) return console.warn(`[mesh] answer from unknown peer ${from} ignored`);
    session.handleDescription(sdp);
  }

  handleCandidate(from: string, candidate: IceCandidate): void {
    const session = this.sessions.get(from);
    if (!session) return console.warn(`[mesh] candidate from unknown peer ${from} ignored`);
    session.handleCandidate(candidate);
  }

  /** Fresh TURN credentials (or a changed policy) for every current and future connection. */
  setIceServers(iceServers: RTCIceServer[]): void {
    this.configuration = { ...this.configuration, iceServers };
    for (const session of this.sessions.values()) {
      const pc = session.connection;
      try {
        pc.setConfiguration({ ...pc.getConfiguration(), iceServers });
      } catch (error: unknown) {
        console.warn(`[mesh] could not update ICE servers for ${session.peerId}`, error);
      }
    }
  }

  /**
   * Makes `track` the outgoing video (camera ↔ screen). A connection that already sends video swaps the
   * source of its sender without renegotiating; one that sends none (no camera, receive-only seat) gets
   * a new sender, which renegotiates through the perfect-negotiation session.
   */
  async replaceVideoTrack(track: MediaStreamTrack | null): Promise<void> {
    this.videoTrack = track;
    const swaps: Promise<void>[] = [];
    for (const [peerId, session] of this.sessions) {
      const sender = this.videoSenders.get(peerId);
      if (sender) swaps.push(sender.replaceTrack(track));
      else if (track) this.videoSenders.set(peerId, this.addLocalTrack(session.connection, track));
    }
    await Promise.all(swaps);
  }

  /** Video sender parameters of one connection (`peerId`), or of every current and future one. */
  setVideoEncoding(encoding: VideoEncoding, peerId?: string): void {
    if (peerId !== undefined) return this.sessions.get(peerId)?.setVideoEncoding(encoding);
    this.encoding = encoding;
    for (const session of this.sessions.values()) session.setVideoEncoding(encoding);
  }

  getStats(peerId: string): Promise<RTCStatsReport> | null {
    return this.sessions.get(peerId)?.connection.getStats() ?? null;
  }

  restartIce(peerId: string): void {
    this.sessions.get(peerId)?.restartIce();
  }

  /** Tries again to connect to a peer it gave up on. */
  retry(peerId: string): void {
    this.sessions.get(peerId)?.retry();
  }

  /** Closes and forgets one peer's connection (it left the room). */
  remove(peerId: string): void {
    const session = this.sessions.get(peerId);
    if (!session) return;
    this.sessions.delete(peerId);
    this.videoSenders.delete(peerId);
    session.close();
  }

  /** Closes every connection; the mesh cannot be reused afterwards. */
  close(): void {
    this.closed = true;
    for (const peerId of this.peerIds) this.remove(peerId);
    this.eventsSubject.complete();
  }

  private createSession(peerId: string, initiator: boolean): PeerSession {
    const connection = this.options.createPeerConnection(this.configuration);
    const session = new PeerSession({
      peerId,
      polite: isPolite(this.options.selfId, peerId),
      initiator,
      connection,
      send: this.options.send,
      emit: (event) => this.eventsSubject.next(event),
      disconnectGraceMs: this.options.disconnectGraceMs ?? DISCONNECT_GRACE_MS,
      connectTimeoutMs: this.options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
      sendSample: this.options.sendSample,
    });
    this.sessions.set(peerId, session);

    const audioTracks = this.options.localStream?.getAudioTracks() ?? [];
    for (const track of audioTracks) this.addLocalTrack(connection, track);
    if (this.videoTrack) this.videoSenders.set(peerId, this.addLocalTrack(connection, this.videoTrack));
    if (initiator) this.askForMissingKinds(connection);
    if (this.encoding) session.setVideoEncoding(this.encoding);
    if (initiator) session.offer();
    return session;
  }

  /**
   * The offering side asks for each kind this seat does not send, so the first exchange carries the
   * other side's media; the answering side gets its transceivers from the offer.
   */
  private askForMissingKinds(connection: RTCPeerConnection): void {
    if ((this.options.localStream?.getAudioTracks() ?? []).length === 0) {
      connection.addTransceiver('audio', { direction: 'recvonly' });
    }
    if (!this.videoTrack) connection.addTransceiver('video', { direction: 'recvonly' });
  }

  /** Local tracks travel in the local stream so the other side shows sound and picture as one participant. */
  private addLocalTrack(connection: RTCPeerConnection, track: MediaStreamTrack): RTCRtpSender {
    const stream = this.options.localStream;
    return stream ? connection.addTrack(track, stream) : connection.addTrack(track);
  }
}
