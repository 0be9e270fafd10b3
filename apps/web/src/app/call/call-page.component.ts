import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  OnDestroy,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { LobbyParticipant } from '@webrtc-call/signaling-contracts';
import { filter, map } from 'rxjs';
import { AuthService } from '../core/auth.service';
import { PreferencesService } from '../core/preferences.service';
import { InvitesPanelComponent } from '../invites/invites-panel.component';
import { inviteLink, InvitesService } from '../invites/invites.service';
import { RoomsService } from '../rooms/rooms.service';
import { AudioLevelMeter } from './audio-level-meter';
import { callErrorSentence } from './call-error-sentence';
import { CallModerationService, RemovalFailure } from './call-moderation.service';
import { CallMediaControlsService } from './call-media-controls.service';
import { CallQualityReportService } from './call-quality-report.service';
import { CallStateService, CallStatus } from './call-state.service';
import { CallStatsService } from './call-stats.service';
import { CallSummaryComponent } from './call-summary.component';
import { ChatPanelComponent } from './chat-panel.component';
import { LobbyComponent, LobbyJoin } from './lobby.component';
import { MediaService } from './media.service';
import { MediaStreamDirective } from './media-stream.directive';
import { NetworkIndicatorComponent } from './network-indicator.component';
import { VIDEO_QUALITIES, VideoQuality } from './quality';
import { peerBadge, PeerBadge, RemotePeer, unreachableSentence } from './remote-peer';
import { RoomConnectionService } from './room-connection.service';
import { SignalingService } from './signaling.service';
import { StatsPanelComponent } from './stats-panel.component';

/** The words the status line shows. */
const STATUS_WORD: Record<CallStatus, string> = {
  idle: 'ready to join',
  joining: 'joining',
  waiting: 'waiting to be let in',
  connected: 'connected',
  reconnecting: 'reconnecting',
  left: 'left',
  error: 'error',
};
/** Inbound audio level (0–1, from getStats) above which a peer counts as speaking. */
const SPEAKING_LEVEL = 0.03;
const SELF_LEVEL_INTERVAL_MS = 200;

type Panel = 'chat' | 'stats' | 'invites' | null;

const REMOVAL_FAILURE: Record<RemovalFailure, (name: string) => string> = {
  'not-room-owner': () => 'Only the room owner or an administrator can remove people from this call.',
  'peer-not-found': (name) => `${name} had already left the call.`,
  failed: (name) => `Could not remove ${name}. Check your connection and try again.`,
};

@Component({
  selector: 'app-call-page',
  imports: [
    RouterLink,
    FormsModule,
    MediaStreamDirective,
    LobbyComponent,
    ChatPanelComponent,
    StatsPanelComponent,
    InvitesPanelComponent,
    NetworkIndicatorComponent,
    CallSummaryComponent,
  ],
  providers: [
    CallStateService,
    CallMediaControlsService,
    CallQualityReportService,
    CallStatsService,
    RoomConnectionService,
    SignalingService,
    MediaService,
    CallModerationService,
  ],
  templateUrl: './call-page.component.html',
  styleUrl: './call-page.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(window:pagehide)': 'onPageHide()' },
})
export class CallPageComponent implements OnDestroy {
  private readonly media = inject(MediaService);
  private readonly callStats = inject(CallStatsService);
  private readonly preferencesService = inject(PreferencesService);
  protected readonly call = inject(CallStateService);
  private readonly controls = inject(CallMediaControlsService);
  private readonly moderation = inject(CallModerationService);
  private readonly auth = inject(AuthService);
  private readonly invites = inject(InvitesService);
  private readonly rooms = inject(RoomsService);
  private readonly destroyRef = inject(DestroyRef);

  private readonly roomIdState = signal<string | null>(null);
  protected readonly inLobby = signal(true);
  private readonly joinPressed = signal(false);
  protected readonly panel = signal<Panel>(null);
  protected readonly seenChat = signal(0);
  protected readonly selfSpeaking = signal(false);
  protected readonly canModerate = this.moderation.canModerate;
  protected readonly isGuest = this.auth.isGuest;
  protected readonly roomId = this.roomIdState.asReadonly();
  protected readonly roomName = computed(() => this.moderation.room()?.name ?? this.auth.guest()?.roomName ?? null);
  protected readonly inCall = computed(() => this.moderation.room()?.participants ?? null);
  /** Who is in the call by name, for the lobby; null when the server does not say (a password room). */
  protected readonly people = signal<readonly LobbyParticipant[] | null>(null);
  /** The last invite link made with "Copy invite link", shown in case the clipboard refused it. */
  protected readonly copiedInvite = signal<string | null>(null);
  /** The peer whose Remove button was pressed and awaits confirmation. */
  protected readonly confirmingRemoval = signal<string | null>(null);
  protected readonly removing = signal(false);
  protected readonly moderationNotice = signal<string | null>(null);
  protected readonly statusWord = computed(() => STATUS_WORD[this.call.status()]);
  protected readonly errorSentence = computed(() => {
    const error = this.call.error();
    return error ? callErrorSentence(error) : null;
  });
  protected readonly audioEnabled = this.media.audioEnabled;
  protected readonly videoEnabled = this.media.videoEnabled;
  protected readonly hasCamera = this.media.hasCamera;
  protected readonly hasMicrophone = this.media.hasMicrophone;
  protected readonly sendsAudio = this.media.sendsAudio;
  protected readonly sendsVideo = this.media.sendsVideo;
  protected readonly screenSharing = this.media.screenSharing;
  protected readonly canShareScreen = this.media.canShareScreen;
  protected readonly selfStream = computed(() => this.media.screenStream() ?? this.media.localStream());
  protected readonly preferences = this.preferencesService.preferences;
  protected readonly qualities = VIDEO_QUALITIES;
  protected readonly stats = this.callStats.stats;
  protected readonly sending = this.controls.sending;
  protected readonly qualitySummary = inject(CallQualityReportService).summary;
  protected readonly unread = computed(() =>
    this.panel() === 'chat' ? 0 : Math.max(0, this.call.chat().filter((m) => !m.self).length - this.seenChat()),
  );
  protected password = '';

  constructor() {
    effect(() => {
      if (!this.joinPressed() || this.call.status() === 'joining') return;
      this.joinPressed.set(false);
      this.inLobby.set(false);
    });
    inject(ActivatedRoute)
      .paramMap.pipe(
        map((params) => params.get('roomId') ?? ''),
        filter((roomId) => roomId !== ''),
        takeUntilDestroyed(inject(DestroyRef)),
      )
      .subscribe((roomId) => {
        if (this.roomIdState() && this.roomIdState() !== roomId) this.call.leave();
        this.roomIdState.set(roomId);
        this.inLobby.set(true);
        // A guest may not read the room over REST; its name came with the invite.
        if (!this.auth.isGuest()) {
          this.moderation.load(roomId);
          this.loadPeople(roomId);
        }
      });
    effect((onCleanup) => {
      const meter = AudioLevelMeter.create(this.media.localStream());
      if (!meter) return;
      const timer = setInterval(
        () => this.selfSpeaking.set(this.audioEnabled() && meter.level() > 0.1),
        SELF_LEVEL_INTERVAL_MS,
      );
      onCleanup(() => {
        clearInterval(timer);
        meter.close();
      });
    });
  }

  ngOnDestroy(): void {
    this.call.leave();
  }

  protected onPageHide(): void {
    this.call.leave();
  }

  private loadPeople(roomId: string): void {
    this.people.set(null);
    this.rooms
      .participants(roomId)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({ next: (people) => this.people.set(people), error: () => undefined });
  }

  protected join(request: LobbyJoin): void {
    const roomId = this.roomIdState();
    if (!roomId) return;
    // The lobby stays up, saying "Joining…", until the server answers: drawing the call view meanwhile
    // would hold up the main thread just when the first offer arrives.
    this.joinPressed.set(true);
    void this.call.join(roomId, { receiveOnly: request.receiveOnly });
  }

  protected joinWithPassword(): void {
    const roomId = this.roomIdState();
    if (!roomId || !this.password) return;
    void this.call.join(roomId, { password: this.password });
    this.password = '';
  }

  protected leave(): void {
    this.call.leave();
  }

  protected rejoin(): void {
    this.inLobby.set(true);
    const roomId = this.roomIdState();
    if (roomId && !this.auth.isGuest()) this.loadPeople(roomId);
  }

  /** The peer's account may then let people in from the waiting room too. */
  protected makeModerator(peer: RemotePeer): void {
    if (!peer.userId || peer.guest) return;
    this.moderation
      .makeModerator(peer.userId)
      .subscribe((done) =>
        this.moderationNotice.set(
          done
            ? `${peer.displayName} can now let people in.`
            : `Could not make ${peer.displayName} a moderator. Try again.`,
        ),
      );
  }

  protected answerKnock(requestId: string, admit: boolean): void {
    this.call.answerKnock(requestId, admit);
  }

  /** One click: a fresh link without limits, on the clipboard. */
  protected copyInvite(): void {
    const roomId = this.roomIdState();
    if (!roomId) return;
    this.moderationNotice.set(null);
    this.invites.create(roomId).subscribe({
      next: (invite) => {
        const link = inviteLink(invite.secret);
        this.copiedInvite.set(link);
        navigator.clipboard.writeText(link).then(
          () => this.moderationNotice.set('Invite link copied. Anyone with it can knock; you let them in.'),
          () => this.moderationNotice.set('Copy the invite link below and send it.'),
        );
      },
      error: () => this.moderationNotice.set('Could not create an invite link. Try again.'),
    });
  }

  protected askToRemove(peer: RemotePeer): void {
    this.moderationNotice.set(null);
    this.confirmingRemoval.set(peer.peerId);
  }

  protected cancelRemoval(): void {
    this.confirmingRemoval.set(null);
  }

  /** The tile stays until the server's peer-leave takes it away. */
  protected remove(peer: RemotePeer): void {
    this.removing.set(true);
    this.moderation.remove(peer.peerId).subscribe((failure) => {
      this.removing.set(false);
      this.confirmingRemoval.set(null);
      if (failure) this.moderationNotice.set(REMOVAL_FAILURE[failure](peer.displayName));
    });
  }

  protected toggleAudio(): void {
    this.controls.setAudioEnabled(!this.audioEnabled());
  }

  protected toggleVideo(): void {
    this.controls.setVideoEnabled(!this.videoEnabled());
  }

  protected toggleScreenShare(): void {
    void this.controls.toggleScreenShare();
  }

  protected togglePanel(panel: Exclude<Panel, null>): void {
    this.panel.set(this.panel() === panel ? null : panel);
    // Whatever was in the chat when it opened or closed counts as read.
    this.seenChat.set(this.call.chat().filter((m) => !m.self).length);
  }

  protected setQuality(quality: string): void {
    if ((VIDEO_QUALITIES as readonly string[]).includes(quality)) this.controls.setQuality(quality as VideoQuality);
  }

  protected sendChat(text: string): void {
    this.call.sendChat(text);
  }

  protected readonly unreachableSentence = unreachableSentence;

  protected badge(peer: RemotePeer): PeerBadge {
    return peerBadge(peer, this.stats().get(peer.peerId)?.relayed ?? false);
  }

  protected speaking(peer: RemotePeer): boolean {
    return peer.audio && (this.stats().get(peer.peerId)?.audioLevel ?? 0) > SPEAKING_LEVEL;
  }

  protected initials(name: string): string {
    return name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((part) => part[0]?.toUpperCase() ?? '')
      .join('');
  }

  protected valueOf(event: Event): string {
    return (event.target as HTMLSelectElement | null)?.value ?? '';
  }
}
