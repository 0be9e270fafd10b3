import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { MAX_CHAT_LENGTH, ServerEventMap, ServerMessage, SignalingErrorCode } from '@webrtc-call/signaling-contracts';
import { Subscription } from 'rxjs';
import { AuthService } from '../core/auth.service';
import { PreferencesService } from '../core/preferences.service';
import { CallError, JOIN_REFUSALS, joinRefusal } from './call-error';
import { CallFeed } from './call-feed';
import { CallMediaControlsService } from './call-media-controls.service';
import { CallQualityReportService } from './call-quality-report.service';
import { JoinOptions, Knock } from './call-types';
import { mediaErrorReason } from './media-errors';
import { MediaAccessError, MediaService } from './media.service';
import { PEER_CONNECTION_FACTORY } from './peer-connection-factory';
import { PeerMesh } from './peer-mesh';
import { PeerRoster } from './peer-roster';
import { callConfiguration, RTC_CONFIGURATION } from './rtc-configuration';
import { RoomConnectionEvent, RoomConnectionService } from './room-connection.service';

export type { RemotePeer } from './remote-peer';

/** `waiting`: the room's host has not let us in yet; nothing of the room reaches us meanwhile. */
export type CallStatus = 'idle' | 'joining' | 'waiting' | 'connected' | 'reconnecting' | 'left' | 'error';

export type { CallNotice, ChatMessage } from './call-feed';
export type { JoinOptions, Knock } from './call-types';

/**
 * The state of one call: joins a room over signaling, runs the peer mesh, survives a lost socket by
 * resuming with the resume token, and exposes view state as signals. Provided by the call page, so every
 * visit starts clean and leaving the page tears everything down.
 */
@Injectable()
export class CallStateService {
  private readonly auth = inject(AuthService);
  private readonly media = inject(MediaService);
  private readonly connection = inject(RoomConnectionService);
  private readonly preferences = inject(PreferencesService);
  private readonly baseConfiguration = inject(RTC_CONFIGURATION);
  private readonly createPeerConnection = inject(PEER_CONNECTION_FACTORY);
  private readonly controls = inject(CallMediaControlsService);
  private readonly quality = inject(CallQualityReportService);

  private readonly statusState = signal<CallStatus>('idle');
  private readonly errorState = signal<CallError | null>(null);
  private readonly roster = new PeerRoster();
  private readonly feed = new CallFeed();
  private readonly roomIdState = signal<string | null>(null);
  private readonly capacityState = signal<number | null>(null);
  private readonly knocksState = signal<Knock[]>([]);

  private mesh: PeerMesh | null = null;
  private subscriptions = new Subscription();
  /** Identifies the current join; async work from an abandoned join checks it and backs off. */
  private attempt = 0;
  private selfId: string | null = null;
  private password: string | undefined;
  private sendingStream: MediaStream | null = null;

  readonly status = this.statusState.asReadonly();
  /** Why the call ended or could not start; the page words it. */
  readonly error = this.errorState.asReadonly();
  /** The last join was refused for a missing or wrong room password. */
  readonly needsPassword = computed(() => {
    const reason = this.errorState()?.reason;
    return reason === 'room-password' || reason === 'room-password-wrong';
  });
  readonly peers = this.roster.peers;
  readonly notices = this.feed.notices;
  readonly chat = this.feed.chat;
  readonly roomId = this.roomIdState.asReadonly();
  readonly capacity = this.capacityState.asReadonly();
  readonly localStream = this.media.localStream;
  readonly active = computed(() => ['joining', 'waiting', 'connected', 'reconnecting'].includes(this.statusState()));
  /** Who waits to be let in; only a host of the room is told. */
  readonly knocks = this.knocksState.asReadonly();

  constructor() {
    this.controls.bind({
      mesh: () => this.mesh,
      sending: () => this.sendingStream !== null,
      connected: () => this.statusState() === 'connected',
      peerCount: () => this.roster.count,
      notify: (text) => this.feed.notify(text),
    });
    inject(DestroyRef).onDestroy(() => this.leave());
  }

  async join(roomId: string, options: JoinOptions = {}): Promise<void> {
    if (this.active()) this.leave();
    const attempt = ++this.attempt;
    this.roomIdState.set(roomId);
    this.statusState.set('joining');
    this.errorState.set(null);
    this.roster.clear();
    this.feed.clear();
    this.password = options.password || undefined;
    this.quality.start();

    if (!this.auth.token()) {
      this.fail({ reason: 'login-required' });
      this.auth.expireSession(`/call/${roomId}`);
      return;
    }
    const { cameraId, microphoneId } = this.preferences.preferences();
    try {
      this.sendingStream = options.receiveOnly
        ? null
        : (this.media.localStream() ?? (await this.media.start({ cameraId, microphoneId })));
    } catch (error: unknown) {
      if (attempt !== this.attempt) return;
      return this.fail({ reason: mediaErrorReason(error instanceof MediaAccessError ? error.reason : '') });
    }
    if (attempt !== this.attempt) return;
    if (options.receiveOnly) this.media.stop();

    this.subscriptions.add(this.connection.messages$.subscribe((message) => this.onMessage(message)));
    this.subscriptions.add(this.connection.events$.subscribe((event) => this.onConnectionEvent(event)));
    this.connection.open({ roomId, password: this.password });
  }

  /** Says goodbye to the room, closes every connection, stops the camera and closes the socket. */
  leave(): void {
    if (!this.active()) return this.teardown();
    // Closing the connections first sends their final quality samples ahead of the goodbye.
    this.mesh?.close();
    if (this.connection.isOpen) this.connection.send('leave', {});
    this.teardown();
    this.quality.finish();
    this.statusState.set('left');
  }

  sendChat(text: string): boolean {
    const trimmed = text.trim().slice(0, MAX_CHAT_LENGTH);
    if (!trimmed) return false;
    if (this.statusState() !== 'connected' || !this.selfId) {
      this.feed.notify('Messages cannot be sent while reconnecting. Try again in a moment.');
      return false;
    }
    this.connection.send('chat', { text: trimmed });
    this.feed.addChat({ from: this.selfId, name: 'You', text: trimmed, at: new Date().toISOString(), self: true });
    return true;
  }

  /** Tries again to connect to a peer the mesh gave up on (see `RemotePeer.unreachable`). */
  retryPeer(peerId: string): void {
    this.mesh?.retry(peerId);
  }

  /** As the room's host: let a waiting person in, or turn them away. The server's knock-withdrawn clears it. */
  answerKnock(requestId: string, admit: boolean): void {
    if (this.statusState() === 'connected') this.connection.send(admit ? 'admit' : 'deny', { requestId });
  }

  /** Raw getStats() of one peer's connection, for the stats panel and the relayed badge. */
  statsOf(peerId: string): Promise<RTCStatsReport> | null {
    return this.mesh?.getStats(peerId) ?? null;
  }

  private onMessage(message: ServerMessage): void {
    switch (message.event) {
      case 'resp-join':
        return this.onJoined(message.data);
      case 'new-peer':
        this.roster.upsert(message.data.peer.peerId, message.data.peer);
        this.feed.notify(`${this.roster.nameOf(message.data.peer.peerId)} joined`);
        this.mesh?.connect(message.data.peer.peerId, 'offer');
        return this.controls.applyQuality();
      case 'peer-leave':
        return this.removePeer(message.data.peerId, true);
      case 'peer-updated':
        if (message.data.peer.reconnecting && !this.roster.byId(message.data.peer.peerId)?.reconnecting) {
          this.feed.notify(`${this.roster.nameOf(message.data.peer.peerId)} is reconnecting…`);
        }
        return this.roster.upsert(message.data.peer.peerId, message.data.peer);
      case 'offer':
        this.roster.upsert(message.data.from);
        return this.mesh?.handleOffer(message.data.from, message.data.sdp);
      case 'answer':
        return this.mesh?.handleAnswer(message.data.from, message.data.sdp);
      case 'candidate':
        return this.mesh?.handleCandidate(message.data.from, message.data.candidate);
      case 'chat':
        if (message.data.from === this.selfId) return;
        return this.feed.addChat({ ...message.data, name: this.roster.nameOf(message.data.from), self: false });
      case 'turn-credentials':
        return this.mesh?.setIceServers(message.data.iceServers.map((s) => ({ ...s })));
      case 'kicked':
        return this.fail({ reason: 'kicked', detail: message.data.reason });
      case 'room-closed':
        return this.fail({ reason: 'room-closed' });
      case 'waiting':
        return this.statusState.set('waiting');
      case 'denied':
        return this.fail({ reason: message.data.reason === 'timeout' ? 'wait-timeout' : 'denied' });
      case 'knock':
        if (this.knocksState().some((knock) => knock.requestId === message.data.requestId)) return;
        this.feed.notify(`${message.data.displayName} is waiting to join`);
        return this.knocksState.update((knocks) => [...knocks, message.data]);
      case 'knock-withdrawn':
        return this.knocksState.update((knocks) => knocks.filter((k) => k.requestId !== message.data.requestId));
      case 'keepalive':
        return;
      case 'error':
        return this.onServerError(message.data);
      default: {
        const unexpected: never = message;
        console.warn('[call] unexpected signaling message', unexpected);
      }
    }
  }

  private onJoined(data: ServerEventMap['resp-join']): void {
    const peers = data.peers.filter((p) => p.peerId !== data.selfId);
    const { iceServers } = data;
    const resumed = data.resumed && this.mesh !== null && data.selfId === this.selfId;
    this.capacityState.set(data.capacity);

    if (resumed && this.mesh) {
      this.mesh.setIceServers(iceServers.map((s) => ({ ...s })));
      const present = new Set(peers.map((p) => p.peerId));
      for (const peer of this.roster.peers()) if (!present.has(peer.peerId)) this.removePeer(peer.peerId, true);
      for (const peer of peers) {
        // Anyone new joined while we were away and saw us in its peer list, so it waits for our offer.
        if (!this.mesh.has(peer.peerId)) this.mesh.connect(peer.peerId, 'offer');
        this.roster.upsert(peer.peerId, peer);
      }
    } else {
      this.mesh?.close();
      this.roster.clear();
      this.selfId = data.selfId;
      this.controls.resetMuteState();
      const mesh = new PeerMesh({
        selfId: data.selfId,
        configuration: callConfiguration(this.baseConfiguration, iceServers, this.preferences.preferences().relayOnly),
        createPeerConnection: this.createPeerConnection,
        localStream: this.sendingStream,
        send: (message) => this.connection.send(message.event, message.data),
        sendSample: (sample) => this.quality.record(sample, this.roster.nameOf(sample.peerId)),
      });
      this.mesh = mesh;
      this.subscriptions.add(mesh.events$.subscribe((event) => this.roster.applyMeshEvent(event)));
      for (const peer of peers) {
        this.roster.upsert(peer.peerId, peer);
        // The peers already in the room send the first offers; we answer.
        mesh.connect(peer.peerId, 'await-offer');
      }
    }
    if (this.statusState() === 'reconnecting') this.feed.notify('Reconnected');
    this.statusState.set('connected');
    this.controls.sendMuteState();
    this.controls.applyQuality();
  }

  private onServerError({ code, message, retryAfterSeconds }: ServerEventMap['error']): void {
    const resuming = this.statusState() === 'reconnecting';
    if (code === SignalingErrorCode.Unauthorized) return this.sessionExpired();
    // Before the first resp-join every refusal is about the join; while resuming only join refusals are.
    const beforeJoin = this.statusState() === 'joining' || this.statusState() === 'waiting';
    if (beforeJoin || (resuming && JOIN_REFUSALS.has(code))) {
      return this.fail(joinRefusal(code, message, this.password !== undefined, retryAfterSeconds));
    }
    if (code === SignalingErrorCode.RateLimited) return this.feed.notify('Slow down: the server is dropping messages.');
    if (code === SignalingErrorCode.MessageTooLarge) return this.feed.notify('That message is too long to send.');
    console.warn(`[call] server reported ${code}: ${message}`);
  }

  private onConnectionEvent(event: RoomConnectionEvent): void {
    if (!this.active()) return;
    if (event.type === 'ended') {
      return event.error.reason === 'session-expired' ? this.sessionExpired() : this.fail(event.error);
    }
    if (this.statusState() !== 'reconnecting') this.feed.notify('Connection to the server lost. Reconnecting…');
    this.statusState.set('reconnecting');
  }

  private sessionExpired(): void {
    if (this.auth.isGuest()) return this.fail({ reason: 'invite-ended' });
    const roomId = this.roomIdState();
    this.fail({ reason: 'session-expired' });
    this.auth.expireSession(roomId ? `/call/${roomId}` : undefined);
  }

  private fail(error: CallError): void {
    this.teardown();
    this.errorState.set(error);
    this.statusState.set('error');
  }

  private teardown(): void {
    this.attempt++;
    this.subscriptions.unsubscribe();
    this.subscriptions = new Subscription();
    this.mesh?.close();
    this.mesh = null;
    this.connection.close();
    this.media.stop();
    this.sendingStream = null;
    this.selfId = null;
    this.controls.resetMuteState();
    this.roster.clear();
    this.knocksState.set([]);
  }

  private removePeer(peerId: string, announce: boolean): void {
    // A seat given up before it was announced leaves without ever having been shown here: nothing to say.
    const peer = this.roster.byId(peerId);
    this.mesh?.remove(peerId);
    this.roster.remove(peerId);
    if (announce && peer) this.feed.notify(`${peer.displayName} left`);
    this.controls.applyQuality();
  }
}
