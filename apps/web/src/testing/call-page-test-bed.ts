import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal, WritableSignal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap, provideRouter } from '@angular/router';
import { UserView } from '@webrtc-call/signaling-contracts';
import { BehaviorSubject } from 'rxjs';
import { CallError } from '../app/call/call-error';
import { CallMediaControlsService, SendingQuality } from '../app/call/call-media-controls.service';
import { CallQualityReportService } from '../app/call/call-quality-report.service';
import { CallQualitySummary } from '../app/call/call-quality-summary';
import { CallPageComponent } from '../app/call/call-page.component';
import {
  CallNotice,
  CallStateService,
  CallStatus,
  ChatMessage,
  Knock,
  RemotePeer,
} from '../app/call/call-state.service';
import { PeerStats } from '../app/call/call-stats';
import { CallStatsService } from '../app/call/call-stats.service';
import { MediaService } from '../app/call/media.service';
import { AuthService } from '../app/core/auth.service';

/** A remote participant as CallStateService shows it, connected unless `changes` say otherwise. */
export const peer = (peerId: string, displayName: string, changes: Partial<RemotePeer> = {}): RemotePeer => ({
  peerId,
  userId: `u-${peerId}`,
  guest: false,
  displayName,
  stream: null,
  connectionState: 'connected',
  audio: true,
  video: true,
  reconnecting: false,
  unreachable: null,
  ...changes,
});

export class FakeCallState {
  readonly status: WritableSignal<CallStatus> = signal('idle');
  readonly error = signal<CallError | null>(null);
  readonly needsPassword = signal(false);
  readonly peers = signal<readonly RemotePeer[]>([]);
  readonly notices = signal<readonly CallNotice[]>([]);
  readonly chat = signal<readonly ChatMessage[]>([]);
  readonly roomId = signal<string | null>('room-1');
  readonly knocks = signal<readonly Knock[]>([]);
  readonly answerKnock = jest.fn();
  readonly join = jest.fn((roomId: string) => {
    void roomId;
    this.status.set('joining');
    return Promise.resolve();
  });
  readonly leave = jest.fn();
  readonly sendChat = jest.fn(() => true);
  readonly retryPeer = jest.fn();
}

export class FakeMediaControls {
  readonly setAudioEnabled = jest.fn();
  readonly setVideoEnabled = jest.fn();
  readonly toggleScreenShare = jest.fn(() => Promise.resolve());
  readonly setQuality = jest.fn();
  readonly sending = signal<ReadonlyMap<string, SendingQuality>>(new Map());
}

export class FakeQualityReport {
  readonly summary = signal<CallQualitySummary | null>(null);
}

export class FakeMedia {
  readonly audioEnabled = signal(true);
  readonly videoEnabled = signal(true);
  readonly localStream = signal<MediaStream | null>(null);
  readonly screenStream = signal<MediaStream | null>(null);
  readonly screenSharing = signal(false);
  readonly hasCamera = signal(true);
  readonly hasMicrophone = signal(true);
  readonly sendsVideo = signal(true);
  readonly sendsAudio = signal(true);
  readonly notice = signal<string | null>(null);
  readonly devices = signal([]);
  readonly canShareScreen = true;
  readonly start = jest.fn(() => Promise.resolve({} as MediaStream));
  readonly refreshDevices = jest.fn(() => Promise.resolve());
  readonly setAudioEnabled = jest.fn();
  readonly setVideoEnabled = jest.fn();
}

export class FakeStats {
  readonly stats = signal<ReadonlyMap<string, PeerStats>>(new Map());
}

/** Who is logged in while the page runs, unless a test says otherwise. */
export const carol: UserView = {
  id: 'u-carol',
  username: 'carol',
  displayName: 'Carol',
  role: 'user',
  createdAt: '2026-01-01T00:00:00.000Z',
  disabled: false,
  mustChangePassword: false,
};

/** The call page for room-1 over fake call services, the real moderation service and a fake HTTP backend. */
export async function setUpCallPage(user: UserView | null = carol) {
  const state = new FakeCallState();
  const stats = new FakeStats();
  const controls = new FakeMediaControls();
  const media = new FakeMedia();
  const report = new FakeQualityReport();
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      provideHttpClient(),
      provideHttpClientTesting(),
      { provide: AuthService, useValue: { currentUser: signal(user), isGuest: signal(false), guest: signal(null) } },
      {
        provide: ActivatedRoute,
        useValue: { paramMap: new BehaviorSubject(convertToParamMap({ roomId: 'room-1' })) },
      },
    ],
  });
  TestBed.overrideComponent(CallPageComponent, {
    add: {
      providers: [
        { provide: CallStateService, useValue: state },
        { provide: CallMediaControlsService, useValue: controls },
        { provide: MediaService, useValue: media },
        { provide: CallStatsService, useValue: stats },
        { provide: CallQualityReportService, useValue: report },
      ],
    },
  });
  const fixture: ComponentFixture<CallPageComponent> = TestBed.createComponent(CallPageComponent);
  await fixture.whenStable();
  const el = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => el().querySelector<HTMLElement>(`[data-testid="${id}"]`);
  return {
    fixture,
    state,
    stats,
    controls,
    media,
    report,
    http: TestBed.inject(HttpTestingController),
    el,
    byTestId,
    allByTestId: (id: string) => Array.from(el().querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)),
    /** Leaves the lobby and lets the (fake) call connect. */
    async joinFromLobby(): Promise<void> {
      byTestId('lobby-join')?.click();
      state.status.set('connected');
      await fixture.whenStable();
    },
  };
}
