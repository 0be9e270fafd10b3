import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import type { TestApp } from './test-app';

const WORKSPACE = resolve(__dirname, '../../../..');
const MODULES = join(WORKSPACE, 'node_modules');

/** The API in a process of its own, so a test can SIGKILL it. */
export interface ApiProcess {
  baseUrl: string;
  wsUrl: string;
  /** Enough of a `TestApp` for the REST helpers (`signUp`, `createRoom`). */
  rest: TestApp;
  /** Its stdout and stderr so far. */
  output(): string;
  readonly exitCode: number | null;
  /** Sends `signal` and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

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

/**
 * Runs `apps/api/src/main.ts` through ts-node (transpile only) with `env` on a free port, and waits
 * until it answers `/api/health/live`.
 */
export async function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'webrtc-call-instance-'));
  const child = spawn(
    process.execPath,
    ['-r', join(MODULES, 'ts-node/register'), '-r', join(MODULES, 'tsconfig-paths/register'), 'apps/api/src/main.ts'],
    {
      cwd: WORKSPACE,
      env: {
        ...process.env,
        TS_NODE_PROJECT: join(WORKSPACE, 'apps/api/tsconfig.app.json'),
        TS_NODE_TRANSPILE_ONLY: 'true',
        TS_NODE_BASEURL: WORKSPACE,
        PORT: String(port),
        DATA_DIR: dataDir,
        JWT_SECRET: 'e2e-secret-that-is-long-enough-for-hs256!',
        LOG_LEVEL: 'warn',
        AUTH_RATE_LIMIT: '100000',
        WEB_DIST: join(dataDir, 'no-web-client'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntilLive(child, baseUrl, () => output);
  return {
    baseUrl,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    rest: { http: request(baseUrl), baseUrl } as unknown as TestApp,
    output: () => output,
    get exitCode() {
      return child.exitCode ?? (child.signalCode ? -1 : null);
    },
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitUntilLive(child: ChildProcess, baseUrl: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 60000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${baseUrl}/api/health/live`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the API did not start within 60 s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
