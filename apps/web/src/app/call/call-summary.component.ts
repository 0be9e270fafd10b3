import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { CallQualitySummary, LegSummary } from './call-quality-summary';

/** Words for how long the call lasted: "45 s", "3 min 12 s", "1 h 5 min". */
export function durationWords(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** One peer's line of the summary. */
export function legWords(leg: LegSummary): string {
  if (leg.outcome !== 'connected' && leg.band === null) return 'could not connect';
  const parts = [leg.band ?? 'not measured'];
  if (leg.averageRttMs !== null) parts.push(`${leg.averageRttMs} ms round trip`);
  if (leg.lossPercent !== null) parts.push(`${leg.lossPercent} % loss`);
  if (leg.path) parts.push(leg.path === 'relay' ? 'through the relay server' : 'direct');
  return parts.join(' · ');
}

/** How the call just left went: its length and, per peer, the band, round trip, loss and path. */
@Component({
  selector: 'app-call-summary',
  template: `
    @if (summary(); as s) {
      <section class="summary" data-testid="call-summary" aria-labelledby="summary-title">
        <h2 id="summary-title">Call quality</h2>
        <p data-testid="summary-duration">Duration: {{ duration(s.durationMs) }}</p>
        @if (s.legs.length > 0) {
          <ul>
            @for (leg of s.legs; track leg.peerId) {
              <li data-testid="summary-peer" [attr.data-band]="leg.band" [attr.data-path]="leg.path">
                <strong>{{ leg.name }}</strong>: {{ words(leg) }}
              </li>
            }
          </ul>
        } @else {
          <p>Nobody else joined.</p>
        }
      </section>
    }
  `,
  styles: `
    .summary {
      text-align: left;
      margin: 1rem auto 0;
      max-width: 32rem;
    }
    h2 {
      font-size: 1rem;
      margin: 0 0 0.25rem;
    }
    ul {
      margin: 0.25rem 0 0;
      padding-left: 1.25rem;
    }
    p {
      margin: 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CallSummaryComponent {
  readonly summary = input<CallQualitySummary | null>(null);

  protected readonly duration = durationWords;
  protected readonly words = legWords;
}
