import { Injectable, signal } from '@angular/core';
import { VIDEO_QUALITIES, VideoQuality } from '../call/quality';

const KEY = 'webrtc-call.preferences';

export interface Preferences {
  /** Send media only through TURN so the other side never learns this device's IP addresses. */
  relayOnly: boolean;
  cameraId: string | null;
  microphoneId: string | null;
  speakerId: string | null;
  quality: VideoQuality;
}

const DEFAULTS: Preferences = {
  relayOnly: false,
  cameraId: null,
  microphoneId: null,
  speakerId: null,
  quality: 'auto',
};

function read(): Preferences {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return { ...DEFAULTS };
    const stored = parsed as Partial<Record<keyof Preferences, unknown>>;
    const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
    return {
      relayOnly: stored.relayOnly === true,
      cameraId: text(stored.cameraId),
      microphoneId: text(stored.microphoneId),
      speakerId: text(stored.speakerId),
      quality: VIDEO_QUALITIES.includes(stored.quality as VideoQuality) ? (stored.quality as VideoQuality) : 'auto',
    };
  } catch {
    return { ...DEFAULTS };
  }
}

/** Call settings remembered across visits in localStorage. */
@Injectable({ providedIn: 'root' })
export class PreferencesService {
  private readonly state = signal<Preferences>(read());

  readonly preferences = this.state.asReadonly();

  update(changes: Partial<Preferences>): void {
    this.state.update((current) => ({ ...current, ...changes }));
    try {
      localStorage.setItem(KEY, JSON.stringify(this.state()));
    } catch {
      // Private browsing may refuse storage; the setting still applies to this visit.
    }
  }
}
