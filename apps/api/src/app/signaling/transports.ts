import { Logger } from '@nestjs/common';
import { ServerMessage, toCompatFrames } from '@webrtc-call/signaling-contracts';
import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';

/** One socket as the signaling logic sees it, whatever dialect it speaks on the wire. */
export interface PeerTransport {
  readonly isOpen: boolean;
  /** Set once the transport dropped the connection itself because the client stopped reading. */
  readonly cutOff: boolean;
  send(message: ServerMessage): void;
  close(code: number, reason: string): void;
  /** Drops the connection without a closing handshake (a dead or abusive peer gets none). */
  terminate(): void;
  ping(): void;
}

const log = new Logger('Signaling');

/**
 * Writes frames unless the client has stopped reading: once more than `maxBufferedBytes` wait to be
 * written, the socket is terminated instead of buffering without bound.
 *
 * The frames written to one socket in one turn of the event loop leave together: the first corks the
 * TCP stream and the end of the turn uncorks it, so a burst (the frames of one read, or a room's
 * events) costs one system call and one wake-up of the reader instead of one per frame.
 */
abstract class WsTransport implements PeerTransport {
  private overflowed = false;
  private corked = false;

  constructor(
    protected readonly socket: WebSocket,
    /** The TCP stream under `socket` (the upgrade request's socket). */
    private readonly stream: Duplex,
    private readonly maxBufferedBytes: number,
  ) {}

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  get cutOff(): boolean {
    return this.overflowed;
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

  protected write(text: string): void {
    if (this.socket.bufferedAmount + text.length > this.maxBufferedBytes) {
      log.warn(`terminating a socket that stopped reading (${this.socket.bufferedAmount} bytes unsent)`);
      this.overflowed = true;
      this.socket.terminate();
      return;
    }
    if (!this.corked) {
      this.corked = true;
      this.stream.cork();
      process.nextTick(this.uncork);
    }
    this.socket.send(text);
  }

  private readonly uncork = (): void => {
    this.corked = false;
    this.stream.uncork();
  };
}

/** The native protocol: `{event, data}` JSON frames. */
export class JsonTransport extends WsTransport {
  send(message: ServerMessage): void {
    if (this.isOpen) this.write(JSON.stringify(message));
  }
}

/** The course dialect (`{cmd, ...}`); needs to know who it speaks for to fill `remoteUid` and `roomId`. */
export class CompatTransport extends WsTransport {
  self: { peerId: string; roomId: string } | null = null;

  send(message: ServerMessage): void {
    if (!this.isOpen) return;
    if (message.event === 'resp-join') this.self = { peerId: message.data.selfId, roomId: message.data.roomId };
    for (const frame of toCompatFrames(message, this.self)) this.write(JSON.stringify(frame));
  }
}
