import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { LobbyParticipant } from '@webrtc-call/signaling-contracts';
import { apiErrorMessage } from '../core/api-error';
import { AuthService } from '../core/auth.service';
import { PreferencesService } from '../core/preferences.service';
import { TurnService } from '../core/turn.service';
import { AudioLevelMeter } from './audio-level-meter';
import { MediaAccessError, MediaService } from './media.service';
import { MediaStreamDirective } from './media-stream.directive';
import { RoomConnectionService } from './room-connection.service';

export interface LobbyJoin {
  receiveOnly: boolean;
}

const METER_INTERVAL_MS = 100;
export const SPEAKER_SELECTION_SUPPORTED =
  typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

/** Pre-join check: camera preview, microphone level, device pickers and the relay-only privacy switch. */
@Component({
  selector: 'app-lobby',
  imports: [MediaStreamDirective],
  templateUrl: './lobby.component.html',
  styleUrl: './lobby.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LobbyComponent {
  private readonly media = inject(MediaService);
  private readonly preferencesService = inject(PreferencesService);
  private readonly destroyRef = inject(DestroyRef);

  readonly joinRequested = output<LobbyJoin>();
  /** The room's name and how many are in its call, when known. */
  readonly roomName = input<string | null>(null);
  readonly inCall = input<number | null>(null);
  /** Who is in the call by name, when the server tells (not for password rooms). */
  readonly people = input<readonly LobbyParticipant[] | null>(null);
  /** Join was pressed and the server has not answered yet. */
  readonly joining = input(false);
  protected readonly inCallText = computed(() => {
    const people = this.people();
    if (people?.length) {
      return `In the call: ${people.map((p) => (p.guest ? `${p.displayName} (guest)` : p.displayName)).join(', ')}.`;
    }
    const count = people ? 0 : this.inCall();
    if (count === null) return null;
    if (count === 0) return 'Nobody is in the call yet.';
    return count === 1 ? '1 person is in the call.' : `${count} people are in the call.`;
  });

  protected readonly preferences = this.preferencesService.preferences;
  protected readonly stream = this.media.localStream;
  protected readonly audioEnabled = this.media.audioEnabled;
  protected readonly videoEnabled = this.media.videoEnabled;
  protected readonly hasCamera = this.media.hasCamera;
  protected readonly hasMicrophone = this.media.hasMicrophone;
  protected readonly mediaNotice = this.media.notice;
  protected readonly previewMessage = computed(() => {
    if (this.starting()) return 'Starting camera…';
    if (this.stream() && !this.hasCamera()) return 'No camera';
    return this.videoEnabled() && this.stream() ? null : 'Camera is off';
  });
  protected readonly starting = signal(true);
  protected readonly mediaError = signal<string | null>(null);
  protected readonly level = signal(0);
  protected readonly turnNotice = signal<string | null>(null);
  protected readonly speakerSelectable = SPEAKER_SELECTION_SUPPORTED;
  protected readonly cameras = computed(() => this.media.devices().filter((d) => d.kind === 'videoinput'));
  protected readonly microphones = computed(() => this.media.devices().filter((d) => d.kind === 'audioinput'));
  protected readonly speakers = computed(() => this.media.devices().filter((d) => d.kind === 'audiooutput'));

  constructor() {
    // The signaling socket opens while the person looks at their preview: Join then costs one round trip.
    inject(RoomConnectionService).warmUp();
    void this.startPreview();
    let meter: AudioLevelMeter | null = null;
    effect((onCleanup) => {
      meter = AudioLevelMeter.create(this.stream());
      const timer = setInterval(
        () => this.level.set(meter && this.audioEnabled() ? meter.level() : 0),
        METER_INTERVAL_MS,
      );
      onCleanup(() => {
        clearInterval(timer);
        meter?.close();
        this.level.set(0);
      });
    });
    // A guest's relay servers come with the join; the TURN route is for accounts.
    if (inject(AuthService).isGuest()) return;
    inject(TurnService)
      .credentials()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (credentials) => this.turnNotice.set(credentials.turnConfigured ? null : (credentials.notice ?? null)),
        error: (error: unknown) => this.turnNotice.set(apiErrorMessage(error, 'Could not check the relay server.')),
      });
  }

  protected async startPreview(): Promise<void> {
    const { cameraId, microphoneId } = this.preferences();
    this.starting.set(true);
    this.mediaError.set(null);
    try {
      await this.media.start({ cameraId, microphoneId });
    } catch (error: unknown) {
      // A remembered device that was unplugged: fall back to the default ones once.
      if (error instanceof MediaAccessError && error.reason === 'OverconstrainedError' && (cameraId || microphoneId)) {
        this.preferencesService.update({ cameraId: null, microphoneId: null });
        return this.startPreview();
      }
      this.mediaError.set(error instanceof Error ? error.message : 'Could not start your camera and microphone.');
      await this.media.refreshDevices();
    } finally {
      this.starting.set(false);
    }
  }

  protected chooseCamera(deviceId: string): void {
    this.preferencesService.update({ cameraId: deviceId || null });
    void this.startPreview();
  }

  protected chooseMicrophone(deviceId: string): void {
    this.preferencesService.update({ microphoneId: deviceId || null });
    void this.startPreview();
  }

  protected chooseSpeaker(deviceId: string): void {
    this.preferencesService.update({ speakerId: deviceId || null });
  }

  protected setRelayOnly(relayOnly: boolean): void {
    this.preferencesService.update({ relayOnly });
  }

  protected toggleAudio(): void {
    this.media.setAudioEnabled(!this.audioEnabled());
  }

  protected toggleVideo(): void {
    this.media.setVideoEnabled(!this.videoEnabled());
  }

  protected join(receiveOnly = false): void {
    this.joinRequested.emit({ receiveOnly });
  }

  protected valueOf(event: Event): string {
    return (event.target as HTMLSelectElement | null)?.value ?? '';
  }

  protected checkedOf(event: Event): boolean {
    return (event.target as HTMLInputElement | null)?.checked ?? false;
  }
}
