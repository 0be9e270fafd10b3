import type { Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import WebSocket from 'ws';
import type { WsClient } from './ws-client';

/** Stops reading the client's TCP socket, as a client that no longer reads would; returns how to read again. */
export function paused(client: WsClient): () => void {
  client.socket.pause();
  return () => client.socket.resume();
}

/**
 * The resident memory of this process, sampled to bound how much it grows. The application under
 * test runs in the test process, so its buffers show up here. Collecting garbage first keeps what
 * earlier tests left behind from being counted.
 */
export class RssSampler {
  readonly startBytes: number;
  private peakBytes: number;

  constructor() {
    collectGarbage();
    this.startBytes = this.peakBytes = process.memoryUsage().rss;
  }

  sample(): void {
    this.peakBytes = Math.max(this.peakBytes, process.memoryUsage().rss);
  }

  /** The largest growth seen since the sampler was made, in MiB. */
  get growthMiB(): number {
    this.sample();
    return (this.peakBytes - this.startBytes) / 2 ** 20;
  }
}

export interface FloodOptions {
  /** At most this many frames. */
  max: number;
  /** Frames written before letting the event loop run. */
  batch: number;
  /** Stops as soon as this holds (checked after every batch). */
  until: () => boolean;
  /** Stops after this long whatever happened. */
  timeoutMs: number;
  rss?: RssSampler;
}

/** Sends `frame` over and over, in batches, until `until` holds, the socket closes, or the count or time runs out. Returns how many were sent. */
export async function flood(client: WsClient, frame: string, options: FloodOptions): Promise<number> {
  const { socket } = client;
  const tcp = (socket as unknown as { _socket: Socket })._socket;
  const deadline = Date.now() + options.timeoutMs;
  const going = () => socket.readyState === WebSocket.OPEN && Date.now() < deadline && !options.until();
  let sent = 0;
  while (sent < options.max && going()) {
    // One write per batch rather than per frame: the flood is limited by the server, not by system calls here.
    tcp.cork();
    for (let i = 0; i < options.batch && sent < options.max; i++, sent++) socket.send(frame);
    tcp.uncork();
    options.rss?.sample();
    // Let the server read before writing more, so the flood is of frames, not of this client's own buffer.
    await tick();
    while (socket.bufferedAmount > 256 * 1024 && going()) await tick();
  }
  options.rss?.sample();
  return sent;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** V8's collector, which Node only exposes with --expose-gc; the flag still works once set at run time. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
