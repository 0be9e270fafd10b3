import { Injectable } from '@nestjs/common';
import type { RelayMessage, ServerMessage } from '@webrtc-call/signaling-contracts';
import { MetricsService } from '../metrics/metrics.service';
import type { Peer } from '../presence/peer';

/** Frames kept for a detached peer; beyond this the oldest are dropped. */
export const MAX_QUEUED_FRAMES = 256;
const MINUTE_MS = 60_000;

/** Delivers frames to peers: straight to the socket, or into a bounded queue while the peer is detached. */
@Injectable()
export class PeerMailbox {
  private windowStartMs = Date.now();
  private currentCount = 0;
  private previousCount = 0;

  constructor(private readonly metrics: MetricsService) {}

  deliver(peer: Peer, message: ServerMessage): void {
    if (peer.transport) {
      peer.transport.send(message);
      return;
    }
    if (peer.queue.length >= MAX_QUEUED_FRAMES) peer.queue.shift();
    peer.queue.push(message);
  }

  /** Sends what queued up while the peer was away, in order. */
  flush(peer: Peer): void {
    const queued = peer.queue;
    peer.queue = [];
    for (const message of queued) this.deliver(peer, message);
  }

  /** Forwards an offer, answer or candidate with `from` stamped by the server. */
  relay(from: Peer, to: Peer, message: RelayMessage): void {
    this.count();
    this.metrics.countRelayed(message.event);
    switch (message.event) {
      case 'offer':
      case 'answer':
        return this.deliver(to, { event: message.event, data: { from: from.id, sdp: message.data.sdp } });
      case 'candidate':
        return this.deliver(to, { event: 'candidate', data: { from: from.id, candidate: message.data.candidate } });
    }
  }

  /** Relayed messages over roughly the last minute (the previous window, weighted, plus the current one). */
  relayedPerMinute(nowMs = Date.now()): number {
    this.roll(nowMs);
    const elapsed = (nowMs - this.windowStartMs) / MINUTE_MS;
    return Math.round(this.previousCount * (1 - elapsed) + this.currentCount);
  }

  private count(): void {
    this.roll(Date.now());
    this.currentCount++;
  }

  private roll(nowMs: number): void {
    const windows = Math.floor((nowMs - this.windowStartMs) / MINUTE_MS);
    if (windows <= 0) return;
    this.previousCount = windows === 1 ? this.currentCount : 0;
    this.currentCount = 0;
    this.windowStartMs += windows * MINUTE_MS;
  }
}
