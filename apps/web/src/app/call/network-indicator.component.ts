import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { PeerStats } from './call-stats';
import { networkIndicator, NetworkReason } from './network-indicator';

const REASON_WORDS: Record<NetworkReason, string> = {
  loss: 'packet loss',
  delay: 'high delay',
  bandwidth: 'low bandwidth',
};

/** The signal-bars icon of a remote tile: how the connection to that peer is doing, and why. */
@Component({
  selector: 'app-network-indicator',
  template: `
    @if (indicator(); as n) {
      <span
        class="network"
        role="img"
        data-testid="network-quality"
        [attr.data-band]="n.band"
        [attr.data-reason]="n.reason"
        [attr.aria-label]="label()"
        [attr.title]="label()"
      >
        <span class="bar"></span><span class="bar"></span><span class="bar"></span>
      </span>
    }
  `,
  styles: `
    .network {
      display: inline-flex;
      align-items: flex-end;
      gap: 2px;
      height: 0.9rem;
    }
    .bar {
      width: 4px;
      background: #5b6275;
      border-radius: 1px;
    }
    .bar:nth-child(1) {
      height: 35%;
    }
    .bar:nth-child(2) {
      height: 65%;
    }
    .bar:nth-child(3) {
      height: 100%;
    }
    [data-band='good'] .bar {
      background: #4cc38a;
    }
    [data-band='fair'] .bar:nth-child(-n + 2) {
      background: #f2b84b;
    }
    [data-band='poor'] .bar:nth-child(1) {
      background: #ff6b6b;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NetworkIndicatorComponent {
  readonly stats = input<PeerStats | undefined>();
  readonly name = input.required<string>();

  protected readonly indicator = computed(() => networkIndicator(this.stats()));
  protected readonly label = computed(() => {
    const n = this.indicator();
    if (!n) return '';
    const why = n.reason ? `, ${REASON_WORDS[n.reason]}` : '';
    return `Network to ${this.name()}: ${n.band}${why}`;
  });
}
