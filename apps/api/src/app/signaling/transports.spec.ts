import { Logger } from '@nestjs/common';
import type { ServerMessage } from '@webrtc-call/signaling-contracts';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import { CompatTransport, JsonTransport } from './transports';

const BOUND = 64 * 1024;
const chat = (text: string): ServerMessage => ({ event: 'chat', data: { from: 'p1', text, at: 'now' } });

interface SocketPair {
  /** The server side, and the TCP stream under it. */
  served: WebSocket;
  stream: Duplex;
  client: WebSocket;
}

/** A real server-side socket on 127.0.0.1 and the client connected to it. */
async function socketPair(server: WebSocketServer): Promise<SocketPair> {
  const { port } = server.address() as AddressInfo;
  const served = new Promise<[WebSocket, IncomingMessage]>((resolve) =>
    server.once('connection', (socket, request) => resolve([socket, request])),
  );
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise((resolve, reject) => client.once('open', resolve).once('error', reject));
  const [socket, request] = await served;
  return { served: socket, stream: request.socket, client };
}

const closeCode = (socket: WebSocket) =>
  new Promise<number>((resolve) => socket.once('close', (code: number) => resolve(code)));

describe('WebSocket transports (backpressure)', () => {
  let server: WebSocketServer;
  let clients: WebSocket[];

  let warn: jest.SpyInstance;

  beforeEach(async () => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    clients = [];
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
  });
  afterEach(async () => {
    for (const client of clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
    warn.mockRestore();
  });

  const pair = async () => {
    const sockets = await socketPair(server);
    clients.push(sockets.client);
    return sockets;
  };

  it('writes frames to a client that reads', async () => {
    const { served, stream, client } = await pair();
    const received = new Promise<string>((resolve) => client.once('message', (data) => resolve(data.toString())));
    const transport = new JsonTransport(served, stream, BOUND);
    transport.send(chat('hello'));
    expect(JSON.parse(await received)).toEqual(chat('hello'));
    expect(transport.cutOff).toBe(false);
  });

  it('holds the frames of one turn of the event loop and writes them together, in order, at its end', async () => {
    const { served, stream, client } = await pair();
    const received: unknown[] = [];
    const all = new Promise<void>((resolve) =>
      client.on('message', (data) => received.push(JSON.parse(data.toString())) === 3 && resolve()),
    );
    const transport = new JsonTransport(served, stream, BOUND);
    const frames = [chat('one'), chat('two'), chat('three')];
    for (const frame of frames) transport.send(frame);
    // Nothing has gone to the kernel yet: all three frames wait in the stream, and count as unsent.
    expect(stream.writableLength).toBeGreaterThan(3 * JSON.stringify(chat('one')).length);
    expect(served.bufferedAmount).toBe(stream.writableLength);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.writableLength).toBe(0);
    await all;
    expect(received).toEqual(frames);
  });

  it('terminates the socket instead of sending a frame that would take the unsent data past the bound', async () => {
    const { served, stream, client } = await pair();
    const received: string[] = [];
    client.on('message', (data) => received.push(data.toString()));
    const closed = closeCode(client);
    const transport = new JsonTransport(served, stream, BOUND);

    transport.send(chat('x'.repeat(BOUND)));
    expect(transport.isOpen).toBe(false);
    expect(transport.cutOff).toBe(true);
    expect(await closed).toBe(1006);
    expect(received).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('stopped reading'));
  });

  it('terminates a client that stopped reading once its unsent data reaches the bound, never buffering past it', async () => {
    const { served, stream, client } = await pair();
    client.pause();
    const transport = new JsonTransport(served, stream, BOUND);
    const frame = chat('y'.repeat(4096));
    let most = 0;
    let sent = 0;
    // The kernel buffers take megabytes before anything stays in the socket; 64 MiB is far more than that.
    while (transport.isOpen && sent < 16_000) {
      transport.send(frame);
      most = Math.max(most, served.bufferedAmount);
      sent++;
      if (sent % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(transport.isOpen).toBe(false);
    expect(served.readyState).not.toBe(WebSocket.OPEN);
    expect(most).toBeLessThanOrEqual(BOUND);
    expect(most).toBeGreaterThan(BOUND - 2 * JSON.stringify(frame).length);
  });

  it('bounds the compat dialect the same way', async () => {
    const { served, stream, client } = await pair();
    const closed = closeCode(client);
    const transport = new CompatTransport(served, stream, BOUND);
    transport.send({ event: 'peer-leave', data: { peerId: 'p'.repeat(BOUND) } });
    expect(transport.isOpen).toBe(false);
    expect(await closed).toBe(1006);
  });
});
