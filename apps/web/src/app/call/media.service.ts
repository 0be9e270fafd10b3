import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { Observable, Subject } from 'rxjs';
import { describeMediaError, errorName, MediaAccessError, mediaErrorSentence } from './media-errors';

export { MediaAccessError } from './media-errors';

export interface MediaDevice {
  deviceId: string;
  kind: MediaDeviceKind;
  label: string;
}

export interface DeviceChoice {
  cameraId?: string | null;
  microphoneId?: string | null;
}

const VIDEO_CONSTRAINTS: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 } };

export function mediaConstraints(choice: DeviceChoice = {}): MediaStreamConstraints {
  return {
    audio: choice.microphoneId ? { deviceId: { exact: choice.microphoneId } } : true,
    video: choice.cameraId ? { ...VIDEO_CONSTRAINTS, deviceId: { exact: choice.cameraId } } : VIDEO_CONSTRAINTS,
  };
}

/**
 * Failures worth a second try with one kind of device: a machine without a camera (or with it busy in
 * another application) can still join with its microphone, and the reverse.
 */
const PARTIAL_CAPTURE_REASONS = new Set(['NotFoundError', 'NotReadableError', 'AbortError']);

function stopTracks(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** Owns the local camera/microphone stream, the device lists and screen sharing of one call page. */
@Injectable()
export class MediaService {
  private readonly streamState = signal<MediaStream | null>(null);
  private readonly audioEnabledState = signal(true);
  private readonly videoEnabledState = signal(true);
  private readonly devicesState = signal<readonly MediaDevice[]>([]);
  private readonly screenTrackState = signal<MediaStreamTrack | null>(null);
  private readonly noticeState = signal<string | null>(null);
  private readonly videoSourceSubject = new Subject<MediaStreamTrack | null>();
  /** Bumped by stop() so a getUserMedia that resolves after it is released at once. */
  private generation = 0;

  readonly localStream = this.streamState.asReadonly();
  readonly audioEnabled = this.audioEnabledState.asReadonly();
  readonly videoEnabled = this.videoEnabledState.asReadonly();
  readonly devices = this.devicesState.asReadonly();
  /** Whether the current stream has a camera / microphone track (false when one could not be opened). */
  readonly hasCamera = computed(() => (this.streamState()?.getVideoTracks().length ?? 0) > 0);
  readonly hasMicrophone = computed(() => (this.streamState()?.getAudioTracks().length ?? 0) > 0);
  /** What the others receive from this seat's own devices right now. */
  readonly sendsVideo = computed(() => this.hasCamera() && this.videoEnabledState());
  readonly sendsAudio = computed(() => this.hasMicrophone() && this.audioEnabledState());
  /** Set when only one of camera and microphone could be opened: says which one is missing and why. */
  readonly notice = this.noticeState.asReadonly();
  readonly screenSharing = computed(() => this.screenTrackState() !== null);
  /** The screen capture while sharing, for the self view. */
  readonly screenStream = computed(() => {
    const track = this.screenTrackState();
    return track ? new MediaStream([track]) : null;
  });
  /** The track every peer should receive as video whenever it changes (screen share on/off). */
  readonly videoSource$: Observable<MediaStreamTrack | null> = this.videoSourceSubject.asObservable();
  readonly canShareScreen = typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getDisplayMedia;

  constructor() {
    const mediaDevices = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
    const onDeviceChange = () => void this.refreshDevices();
    mediaDevices?.addEventListener?.('devicechange', onDeviceChange);
    inject(DestroyRef).onDestroy(() => {
      mediaDevices?.removeEventListener?.('devicechange', onDeviceChange);
      this.stop();
    });
  }

  /** Asks for camera and microphone (the chosen ones if given); rejects with a MediaAccessError. */
  async start(choice: DeviceChoice = {}): Promise<MediaStream> {
    const { audio, video } = { audio: this.audioEnabledState(), video: this.videoEnabledState() };
    this.stop();
    const generation = this.generation;
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new MediaAccessError(mediaErrorSentence('media-unsupported'), 'Unsupported');
    }
    const stream = await this.capture(mediaConstraints(choice));
    if (generation !== this.generation) {
      stopTracks(stream);
      throw new MediaAccessError('The call ended before the camera started.', 'Cancelled');
    }
    this.streamState.set(stream);
    // A device switch keeps what the person had muted.
    this.setAudioEnabled(audio);
    this.setVideoEnabled(video);
    void this.refreshDevices();
    return stream;
  }

  /** Camera and microphone together; if that fails for want of one device, whichever of the two works alone. */
  private async capture(constraints: MediaStreamConstraints): Promise<MediaStream> {
    this.noticeState.set(null);
    try {
      return await navigator.mediaDevices.getUserMedia(constraints);
    } catch (error: unknown) {
      const reason = errorName(error);
      if (!PARTIAL_CAPTURE_REASONS.has(reason)) throw describeMediaError(error);
      for (const kind of ['audio', 'video'] as const) {
        try {
          const stream = await navigator.mediaDevices.getUserMedia({ [kind]: constraints[kind] });
          this.noticeState.set(partialCaptureNotice(kind === 'audio' ? 'camera' : 'microphone', reason));
          return stream;
        } catch {
          // Neither works alone either: report the original failure.
        }
      }
      throw describeMediaError(error);
    }
  }

  /** Lists cameras, microphones and speakers; labels appear once access has been granted. */
  async refreshDevices(): Promise<void> {
    if (!navigator.mediaDevices?.enumerateDevices) return;
    try {
      const devices = await navigator.mediaDevices.enumerateDevices();
      this.devicesState.set(
        devices
          .filter((d) => d.deviceId !== '')
          .map((d, index) => ({ deviceId: d.deviceId, kind: d.kind, label: d.label || `${d.kind} ${index + 1}` })),
      );
    } catch (error: unknown) {
      console.warn('[media] could not list devices', error);
    }
  }

  setAudioEnabled(enabled: boolean): void {
    for (const track of this.streamState()?.getAudioTracks() ?? []) track.enabled = enabled;
    this.audioEnabledState.set(enabled);
  }

  setVideoEnabled(enabled: boolean): void {
    for (const track of this.streamState()?.getVideoTracks() ?? []) track.enabled = enabled;
    this.videoEnabledState.set(enabled);
  }

  /** Captures a screen or window and makes it the outgoing video until stopped here or in the browser. */
  async startScreenShare(): Promise<void> {
    if (this.screenTrackState() || !navigator.mediaDevices?.getDisplayMedia) return;
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15 } }, audio: false });
    } catch (error: unknown) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'NotAllowedError' || name === 'AbortError') return; // the person cancelled the picker
      throw new MediaAccessError('Screen sharing could not start. Try again or pick another window.', name);
    }
    const [track] = stream.getVideoTracks();
    if (!track) return;
    track.contentHint = 'detail';
    // The browser's own "Stop sharing" button ends the track without going through the app.
    track.addEventListener('ended', () => this.stopScreenShare());
    this.screenTrackState.set(track);
    this.videoSourceSubject.next(track);
  }

  stopScreenShare(): void {
    const track = this.screenTrackState();
    if (!track) return;
    track.stop();
    this.screenTrackState.set(null);
    this.videoSourceSubject.next(this.streamState()?.getVideoTracks()[0] ?? null);
  }

  /** Stops every local track so the camera light goes off. */
  stop(): void {
    this.generation++;
    const screen = this.screenTrackState();
    screen?.stop();
    this.screenTrackState.set(null);
    const stream = this.streamState();
    if (!stream) return;
    stopTracks(stream);
    this.streamState.set(null);
  }
}

function partialCaptureNotice(missing: 'camera' | 'microphone', reason: string): string {
  const others = missing === 'camera' ? 'Others will hear you but not see you' : 'Others will see you but not hear you';
  return reason === 'NotFoundError'
    ? `No ${missing} was found. ${others}; you can still share your screen.`
    : `Your ${missing} is in use by another application or could not start. ${others}; close that application and press “Try again” to use it.`;
}
