import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { LegView } from '@webrtc-call/signaling-contracts';
import { kbpsText, lossText, msText, mosText, outcomeText, pathText } from './quality-format';

/** The legs of one call (each pair of peers in it) with their connection and quality figures. */
@Component({
  selector: 'app-call-legs',
  template: `
    <ul class="legs">
      @for (leg of legs(); track leg.id) {
        <li data-testid="call-leg">
          <p class="who">
            <strong data-testid="leg-peers">{{ leg.a.displayName }} ↔ {{ leg.b.displayName }}</strong>
            <span data-testid="leg-outcome">{{ outcome(leg.outcome) }}</span>
          </p>
          <dl class="stats">
            <div>
              <dt>Path (local / remote)</dt>
              <dd data-testid="leg-path">{{ path(leg.candidateType.local) }} / {{ path(leg.candidateType.remote) }}</dd>
            </div>
            <div>
              <dt>Time to connect</dt>
              <dd data-testid="leg-ttc">{{ ms(leg.timeToConnectMs) }}</dd>
            </div>
            <div>
              <dt>RTT avg</dt>
              <dd data-testid="leg-rtt">{{ ms(leg.rttMs?.avg) }}</dd>
            </div>
            <div>
              <dt>Jitter avg</dt>
              <dd data-testid="leg-jitter">{{ ms(leg.jitterMs?.avg) }}</dd>
            </div>
            <div>
              <dt>Loss avg / max</dt>
              <dd data-testid="leg-loss">{{ loss(leg.lossPercent) }}</dd>
            </div>
            <div>
              <dt>Bitrate avg</dt>
              <dd data-testid="leg-bitrate">{{ kbps(leg.bitrateKbps?.avg) }}</dd>
            </div>
            <div>
              <dt>MOS</dt>
              <dd data-testid="leg-mos">{{ mos(leg.mos, leg.band) }}</dd>
            </div>
          </dl>
        </li>
      } @empty {
        <li class="hint">No legs: nobody else joined this call.</li>
      }
    </ul>
  `,
  styles: `
    .legs {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .legs > li + li {
      margin-top: 0.75rem;
    }
    .who {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
      margin: 0 0 0.3rem;
    }
    .stats dd {
      font-size: 1rem;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CallLegsComponent {
  readonly legs = input.required<readonly LegView[]>();

  protected readonly outcome = outcomeText;
  protected readonly path = pathText;
  protected readonly ms = msText;
  protected readonly loss = lossText;
  protected readonly kbps = kbpsText;
  protected readonly mos = mosText;
}
