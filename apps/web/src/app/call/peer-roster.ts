import { signal } from '@angular/core';
import { PeerInfo } from '@webrtc-call/signaling-contracts';
import { PeerMeshEvent } from './peer-mesh';
import { newRemotePeer, peerInfoChanges, RemotePeer } from './remote-peer';

/** The remote participants of a call as the view shows them, in order of arrival. */
export class PeerRoster {
  private readonly state = signal<readonly RemotePeer[]>([]);

  readonly peers = this.state.asReadonly();

  get count(): number {
    return this.state().length;
  }

  byId(peerId: string): RemotePeer | undefined {
    return this.state().find((peer) => peer.peerId === peerId);
  }

  nameOf(peerId: string): string {
    return this.byId(peerId)?.displayName ?? 'Someone';
  }

  /** Adds the peer if it is new, then applies what the server said about it and any local changes. */
  upsert(peerId: string, info?: Partial<PeerInfo>, changes: Partial<RemotePeer> = {}): void {
    if (!this.byId(peerId)) {
      this.state.update((peers) => [...peers, { ...newRemotePeer(peerId, info), ...changes }]);
      return;
    }
    const update = { ...(info ? peerInfoChanges(info) : {}), ...changes };
    this.state.update((peers) => peers.map((p) => (p.peerId === peerId ? { ...p, ...update } : p)));
  }

  /** Shows what the peer connections report: a remote stream arriving or the connection state. */
  applyMeshEvent(event: PeerMeshEvent): void {
    switch (event.type) {
      case 'stream':
        return this.upsert(event.peerId, undefined, { stream: event.stream });
      case 'connection-state':
        return this.upsert(event.peerId, undefined, {
          connectionState: event.state,
          ...(event.state === 'connected' ? { unreachable: null } : {}),
        });
      case 'unreachable':
        return this.upsert(event.peerId, undefined, { unreachable: event.reason });
      case 'failure':
        return this.upsert(event.peerId, undefined, { connectionState: 'failed' });
    }
  }

  remove(peerId: string): void {
    this.state.update((peers) => peers.filter((peer) => peer.peerId !== peerId));
  }

  clear(): void {
    this.state.set([]);
  }
}
