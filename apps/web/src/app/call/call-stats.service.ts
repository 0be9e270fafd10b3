import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import { CallMediaControlsService } from './call-media-controls.service';
import { CallStateService } from './call-state.service';
import { computePeerStats, PeerStats, StatsSnapshot, toSnapshot } from './call-stats';

export const STATS_INTERVAL_MS = 1000;

/**
 * Polls getStats() of every peer connection once a second. Feeds the stats panel, the tiles (the
 * relayed badge, the speaking and network indicators) and auto quality.
 */
@Injectable()
export class CallStatsService {
  private readonly call = inject(CallStateService);
  private readonly controls = inject(CallMediaControlsService);
  private readonly statsState = signal<ReadonlyMap<string, PeerStats>>(new Map());
  private readonly previous = new Map<string, StatsSnapshot>();
  private polling = false;

  readonly stats = this.statsState.asReadonly();

  constructor() {
    const timer = setInterval(() => void this.poll(), STATS_INTERVAL_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const next = new Map<string, PeerStats>();
      for (const peer of this.call.peers()) {
        const pending = this.call.statsOf(peer.peerId);
        if (!pending) continue;
        const snapshot = toSnapshot(await pending);
        next.set(peer.peerId, computePeerStats(this.previous.get(peer.peerId) ?? null, snapshot));
        this.previous.set(peer.peerId, snapshot);
      }
      for (const peerId of this.previous.keys()) if (!next.has(peerId)) this.previous.delete(peerId);
      this.statsState.set(next);
      // Each poll is one interval of auto quality.
      this.controls.observeNetwork(next);
    } catch (error: unknown) {
      // A connection closing mid-poll rejects getStats(); the next poll sees the new peer list.
      console.debug('[stats] poll skipped', error);
    } finally {
      this.polling = false;
    }
  }
}
