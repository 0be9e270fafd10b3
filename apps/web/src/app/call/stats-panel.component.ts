import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { AutoQualityReason } from './auto-quality';
import { SendingQuality } from './call-media-controls.service';
import { PeerStats } from './call-stats';
import { networkIndicator } from './network-indicator';
import { RemotePeer } from './remote-peer';

const REASON_WORDS: Record<AutoQualityReason, (lossPercent: number | null) => string> = {
  start: () => 'starting',
  headroom: () => 'headroom',
  loss: (lossPercent) => (lossPercent === null ? 'loss' : `loss ${lossPercent} %`),
  bandwidth: () => 'low bandwidth',
  delay: () => 'high delay',
};

/** Per-peer connection numbers from getStats(), refreshed every second. */
@Component({
  selector: 'app-stats-panel',
  template: `
    <h2 id="stats-title">Connection stats</h2>
    @for (peer of peers(); track peer.peerId) {
      @let s = stats().get(peer.peerId);
      <section
        class="peer"
        data-testid="stats-peer"
        [attr.data-peer-id]="peer.peerId"
        [attr.aria-label]="peer.displayName"
      >
        <h3>{{ peer.displayName }}</h3>
        <dl>
          <dt>Round trip</dt>
          <dd data-testid="stat-rtt">{{ withUnit(s?.rttMs, 'ms') }}</dd>
          <dt>Bitrate in / out</dt>
          <dd data-testid="stat-bitrate">{{ kbps(s?.bitrateInKbps) }} / {{ kbps(s?.bitrateOutKbps) }}</dd>
          <dt>Packet loss</dt>
          <dd data-testid="stat-loss">
            {{ withUnit(s?.packetLossPercent, '%') }}
          </dd>
          <dt>Frame rate</dt>
          <dd data-testid="stat-fps">{{ withUnit(s?.frameRate, 'fps') }}</dd>
          <dt>Resolution</dt>
          <dd data-testid="stat-resolution">{{ s?.resolution ?? '–' }}</dd>
          <dt>Candidate</dt>
          <dd data-testid="stat-candidate">{{ s?.candidateType ?? '–' }}</dd>
          <dt>Sending</dt>
          <dd data-testid="stat-sending">{{ sendingWords(sending().get(peer.peerId)) }}</dd>
          <dt>Network</dt>
          <dd data-testid="stat-network">{{ networkWords(s) }}</dd>
          <dt>Codec</dt>
          <dd data-testid="stat-codec">{{ s?.codec ?? '–' }}</dd>
        </dl>
      </section>
    } @empty {
      <p class="empty">Stats appear once someone else is in the call.</p>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
    }
    h2 {
      font-size: 1rem;
      margin: 0;
    }
    h3 {
      font-size: 0.95rem;
      margin: 0 0 0.25rem;
    }
    .peer {
      background: #232734;
      border-radius: 8px;
      padding: 0.5rem 0.75rem;
    }
    dl {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 0.1rem 0.75rem;
      margin: 0;
      font-size: 0.85rem;
    }
    dt {
      color: #aab1c4;
    }
    dd {
      margin: 0;
      font-variant-numeric: tabular-nums;
    }
    .empty {
      color: #aab1c4;
      margin: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatsPanelComponent {
  readonly peers = input.required<readonly RemotePeer[]>();
  readonly stats = input.required<ReadonlyMap<string, PeerStats>>();
  readonly sending = input<ReadonlyMap<string, SendingQuality>>(new Map());

  /** The level our video goes to the peer at, and why: "720p · headroom", "360p · loss 8 %". */
  protected sendingWords(sending: SendingQuality | undefined): string {
    if (!sending) return '–';
    if (sending.mode === 'manual') return `${sending.quality} · chosen by you`;
    return `${sending.level.name} · ${REASON_WORDS[sending.reason](sending.lossPercent)}`;
  }

  protected networkWords(stats: PeerStats | undefined): string {
    const indicator = networkIndicator(stats);
    if (!indicator) return '–';
    return indicator.reason ? `${indicator.band} (${indicator.reason})` : indicator.band;
  }

  protected kbps(value: number | null | undefined): string {
    if (value == null) return '–';
    return value >= 1000 ? `${(value / 1000).toFixed(1)} Mbit/s` : `${value} kbit/s`;
  }

  protected withUnit(value: number | null | undefined, unit: string): string {
    return value == null ? '–' : `${value} ${unit}`;
  }
}
