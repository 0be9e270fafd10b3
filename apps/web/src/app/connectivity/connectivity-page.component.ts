import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { TurnCredentials } from '@webrtc-call/signaling-contracts';
import { firstValueFrom } from 'rxjs';
import { apiErrorMessage } from '../core/api-error';
import { NavComponent } from '../core/nav.component';
import { TurnService } from '../core/turn.service';
import {
  connectivityVerdict,
  GatheredCandidate,
  GatheringResult,
  hasTurnServer,
  Verdict,
  VERDICT_TEXT,
} from './connectivity-check';
import { ConnectivityService } from './connectivity.service';

/** Checks whether this network reaches the STUN/TURN servers the calls use. */
@Component({
  selector: 'app-connectivity-page',
  imports: [NavComponent],
  templateUrl: './connectivity-page.component.html',
  styleUrl: './connectivity-page.component.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConnectivityPageComponent {
  private readonly turn = inject(TurnService);
  private readonly connectivity = inject(ConnectivityService);
  private destroyed = false;

  protected readonly running = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly credentials = signal<TurnCredentials | null>(null);
  protected readonly candidates = signal<readonly GatheredCandidate[]>([]);
  protected readonly result = signal<GatheringResult | null>(null);
  protected readonly verdict = signal<Verdict | null>(null);
  protected readonly verdictText = VERDICT_TEXT;

  constructor() {
    inject(DestroyRef).onDestroy(() => (this.destroyed = true));
  }

  protected count(type: GatheredCandidate['type']): number {
    return this.candidates().filter((c) => c.type === type).length;
  }

  protected async run(): Promise<void> {
    if (this.running()) return;
    this.running.set(true);
    this.error.set(null);
    this.candidates.set([]);
    this.result.set(null);
    this.verdict.set(null);
    try {
      const credentials = await firstValueFrom(this.turn.credentials());
      this.credentials.set(credentials);
      const result = await this.connectivity.gather(credentials.iceServers, (candidate) => {
        if (!this.destroyed) this.candidates.update((list) => [...list, candidate]);
      });
      this.result.set(result);
      this.verdict.set(
        connectivityVerdict(credentials.turnConfigured && hasTurnServer(credentials.iceServers), result),
      );
    } catch (error: unknown) {
      this.error.set(apiErrorMessage(error, error instanceof Error ? error.message : 'The check could not run.'));
    } finally {
      this.running.set(false);
    }
  }
}
