import { Injectable } from '@nestjs/common';
import { ParseResult, SignalingCloseCode } from '@webrtc-call/signaling-contracts';
import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import { TokenService } from '../auth/token.service';
import type { PeerTransport } from '../presence/peer';
import { Connection } from './connection';
import { SignalingService } from './signaling.service';

type FrameParser = (data: RawData, isBinary: boolean) => ParseResult;

/** Frames a client may send before its token has been checked; more than that is not a real client. */
const MAX_EARLY_FRAMES = 32;

/**
 * Turns an upgraded socket into a signaling connection: checks the token against the account
 * (guards do not run for WebSocket connections), wires frames and pongs to the signaling service,
 * and unwires on close. Frames that arrive while the check runs are kept and replayed in order.
 */
@Injectable()
export class SocketAuthenticator {
  private readonly connections = new WeakMap<WebSocket, Connection>();

  constructor(
    private readonly tokens: TokenService,
    private readonly signaling: SignalingService,
  ) {}

  accept(socket: WebSocket, request: IncomingMessage, transport: PeerTransport, parse: FrameParser): void {
    const early: Array<[RawData, boolean]> = [];
    const buffer = (data: RawData, isBinary: boolean) => {
      if (early.length >= MAX_EARLY_FRAMES) socket.terminate();
      else early.push([data, isBinary]);
    };
    socket.on('message', buffer);
    const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
    void (token ? this.tokens.authenticate(token) : Promise.resolve(null))
      .catch(() => null)
      .then((user) => {
        socket.off('message', buffer);
        if (!transport.isOpen) return;
        if (!user) return socket.close(SignalingCloseCode.Unauthorized, 'unauthorized');
        const conn = this.signaling.open(user, transport);
        if (!conn) return;
        this.connections.set(socket, conn);
        socket.on('message', (data, isBinary) => this.signaling.frame(conn, parse(data, isBinary)));
        socket.on('pong', () => this.signaling.alive(conn));
        for (const [data, isBinary] of early) this.signaling.frame(conn, parse(data, isBinary));
      });
  }

  release(socket: WebSocket): void {
    const conn = this.connections.get(socket);
    if (conn) this.signaling.closed(conn);
  }
}
