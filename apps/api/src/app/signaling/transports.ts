import { ServerMessage, toCompatFrames } from '@webrtc-call/signaling-contracts';
import { WebSocket } from 'ws';
import type { PeerTransport } from '../presence/peer';

abstract class WsTransport implements PeerTransport {
  constructor(protected readonly socket: WebSocket) {}

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  abstract send(message: ServerMessage): void;

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  terminate(): void {
    this.socket.terminate();
  }

  ping(): void {
    if (this.isOpen) this.socket.ping();
  }
}

/** The native protocol: `{event, data}` JSON frames. */
export class JsonTransport extends WsTransport {
  send(message: ServerMessage): void {
    if (this.isOpen) this.socket.send(JSON.stringify(message));
  }
}

/** The course dialect (`{cmd, ...}`); needs to know who it speaks for to fill `remoteUid` and `roomId`. */
export class CompatTransport extends WsTransport {
  self: { peerId: string; roomId: string } | null = null;

  send(message: ServerMessage): void {
    if (!this.isOpen) return;
    if (message.event === 'resp-join') this.self = { peerId: message.data.selfId, roomId: message.data.roomId };
    for (const frame of toCompatFrames(message, this.self)) this.socket.send(JSON.stringify(frame));
  }
}
