import { inject, Injectable, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { PreferencesService } from '../core/preferences.service';
import { MediaService } from './media.service';
import { PeerMesh } from './peer-mesh';
import { AutoQualityChoice, AutoQualityController, LinkFigures } from './auto-quality';
import { forSource, ManualQuality, videoEncoding, VideoQuality } from './quality';
import { RoomConnectionService } from './room-connection.service';

/** What the media controls need to know about the call they belong to. */
export interface MediaControlsHost {
  /** The peer connections while seated in a room, otherwise null. */
  mesh(): PeerMesh | null;
  /** Whether this seat sends camera and microphone; false when joined receive-only. */
  sending(): boolean;
  connected(): boolean;
  peerCount(): number;
  notify(text: string): void;
}

/** What a connection's video sender is set to: a level of auto quality and why, or the user's pick. */
export type SendingQuality = ({ mode: 'auto' } & AutoQualityChoice) | { mode: 'manual'; quality: ManualQuality };

/**
 * The local side of a call: microphone and camera toggles (told to the others with `mute`), screen
 * sharing sent to every connection in place of the camera (or added where no camera is sent), and the
 * video quality of every sender.
 * Provided by the call page beside CallStateService, which binds itself as the host.
 */
@Injectable()
export class CallMediaControlsService {
  private readonly media = inject(MediaService);
  private readonly connection = inject(RoomConnectionService);
  private readonly preferences = inject(PreferencesService);

  private host: MediaControlsHost | null = null;
  /** Whether this seat has told the server about a mute; a fresh seat starts unmuted. */
  private muteSent = false;
  private readonly auto = new AutoQualityController();
  private readonly sendingState = signal<ReadonlyMap<string, SendingQuality>>(new Map());

  /** Per peer, the quality its copy of our video is sent at, for the stats panel. */
  readonly sending = this.sendingState.asReadonly();

  constructor() {
    this.media.videoSource$.pipe(takeUntilDestroyed()).subscribe((track) => {
      void this.host?.mesh()?.replaceVideoTrack(track);
      this.applyQuality();
      // A shared screen is video even with the camera off: the others must stop showing an avatar.
      this.sendMuteState();
    });
  }

  bind(host: MediaControlsHost): void {
    this.host = host;
  }

  setAudioEnabled(enabled: boolean): void {
    this.media.setAudioEnabled(enabled);
    this.sendMuteState();
  }

  setVideoEnabled(enabled: boolean): void {
    this.media.setVideoEnabled(enabled);
    this.sendMuteState();
  }

  async toggleScreenShare(): Promise<void> {
    if (this.media.screenSharing()) return this.media.stopScreenShare();
    try {
      await this.media.startScreenShare();
    } catch (error: unknown) {
      this.host?.notify(error instanceof Error ? error.message : 'Screen sharing could not start.');
    }
  }

  setQuality(quality: VideoQuality): void {
    this.preferences.update({ quality });
    // Back in auto, every connection starts over from what the room size allows.
    if (quality === 'auto') this.auto.reset();
    this.applyQuality();
  }

  /** Tells the server what this seat sends, once connected and only when it differs from the default. */
  sendMuteState(): void {
    if (!this.host?.connected()) return;
    const sending = this.host.sending();
    const audio = sending && this.media.sendsAudio();
    const video = this.media.screenSharing() || (sending && this.media.sendsVideo());
    // The server starts everyone as sending both; only a change is worth a frame.
    if (audio && video && !this.muteSent) return;
    this.muteSent = true;
    this.connection.send('mute', { audio, video });
  }

  /** Forgets any mute told to the server, for a new seat or once the call ends. */
  resetMuteState(): void {
    this.muteSent = false;
  }

  /** One interval of each connection's figures: in auto, each sender follows its own path. */
  observeNetwork(figures: ReadonlyMap<string, LinkFigures>): void {
    if (this.preferences.preferences().quality !== 'auto') return;
    const peers = this.host?.peerCount() ?? 0;
    for (const [peerId, link] of figures) this.auto.observe(peerId, link, peers);
    this.applyQuality();
  }

  /** Sets each connection's video encoding: the manual pick for all, or each one's auto level. */
  applyQuality(): void {
    const mesh = this.host?.mesh();
    if (!mesh) return this.sendingState.set(new Map());
    const quality = this.preferences.preferences().quality;
    const screen = this.media.screenSharing();
    if (quality !== 'auto') {
      mesh.setVideoEncoding(videoEncoding(quality, screen));
      return this.sendingState.set(new Map(mesh.peerIds.map((peerId) => [peerId, { mode: 'manual', quality }])));
    }
    const peers = this.host?.peerCount() ?? 0;
    this.auto.retain(mesh.peerIds);
    const sending = new Map<string, SendingQuality>();
    for (const peerId of mesh.peerIds) {
      const choice = this.auto.choice(peerId, peers);
      mesh.setVideoEncoding(forSource(choice.level.encoding, screen), peerId);
      sending.set(peerId, { mode: 'auto', ...choice });
    }
    this.sendingState.set(sending);
  }
}
