import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RunningCoturn, startCoturn } from '@webrtc-call/turn/coturn';

const WORKSPACE = resolve(__dirname, '../../../..');

export interface RunningServer {
  baseUrl: string;
  /** The same server at `address` (see `startServer`), for browsers on other networks. */
  publicUrl: string;
  /** Stops the API with SIGTERM, as a deploy does, and starts it again on the same port and data directory. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** SIGKILLs the product mid-whatever and starts it again on the same port and data folder. */
  killAndRestart(): Promise<void>;
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  const { port } = socket.address();
  await new Promise<void>((r) => socket.close(() => r()));
  return port;
}

export interface ServerOptions {
  /** Also run coturn (the dev config) and hand out its credentials. */
  turn?: boolean;
  /** Where coturn serves and the server is reached from elsewhere (default loopback). */
  address?: string;
  /** Hand out TURN credentials for a server that does not answer (nothing runs there). */
  unreachableTurn?: boolean;
  /** More environment for the API. */
  env?: Record<string, string>;
}

/**
 * Starts the built product (API + web client on one port) exactly as `npm start` runs it, with a fresh
 * database; with `turn`, also a coturn that the API hands credentials for.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const address = options.address ?? '127.0.0.1';
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'webrtc-call-web-e2e-'));
  let coturn: RunningCoturn | null = null;
  const turnEnv: Record<string, string> = {};
  if (options.turn) {
    const secret = randomBytes(24).toString('base64url');
    coturn = await startCoturn({
      secrets: [secret],
      port: await freeUdpPort(),
      workDir: join(dataDir, 'turn'),
      address,
    });
    turnEnv['TURN_SECRET'] = secret;
    turnEnv['TURN_URIS'] = coturn.uris.join(',');
  } else if (options.unreachableTurn) {
    const port = await freeUdpPort();
    turnEnv['TURN_SECRET'] = randomBytes(24).toString('base64url');
    turnEnv['TURN_URIS'] = [`turn:${address}:${port}?transport=udp`, `turn:${address}:${port}?transport=tcp`].join(',');
  }
  const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...turnEnv, ...options.env };
  const baseUrl = `http://localhost:${port}`;
  let child = await launch(dataDir, env, baseUrl);
  return {
    baseUrl,
    publicUrl: `http://${address}:${port}`,
    restart: async () => {
      await terminate(child);
      child = await launch(dataDir, env, baseUrl);
    },
    killAndRestart: async () => {
      await terminate(child, 'SIGKILL');
      child = await launch(dataDir, env, baseUrl);
    },
    stop: async () => {
      await terminate(child);
      await coturn?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `dist/apps/api/main.js` as `npm start` does and waits until it answers its health check. */
async function launch(dataDir: string, env: NodeJS.ProcessEnv, baseUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(WORKSPACE, 'dist/apps/api/main.js')], {
    cwd: dataDir,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 30000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server did not become healthy within 30 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function terminate(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}
