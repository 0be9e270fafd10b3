import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createClient } from 'redis';
import { DataSource } from 'typeorm';
import { freePort } from './server';

const WORKSPACE = resolve(__dirname, '../../../..');
const POSTGRES_SERVER = process.env['E2E_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env['E2E_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const NGINX = process.env['NGINX_PATH'] ?? '/usr/sbin/nginx';

/** Two built API instances sharing PostgreSQL and Redis, and nginx (deploy/nginx.conf) in front of them. */
export interface ScaledOut {
  /** nginx's address: what the browsers open. */
  baseUrl: string;
  /** Each instance's own address, to ask it directly. */
  instances: string[];
  /** A cookie value per instance: nginx sends a browser carrying `instance=<value>` to that instance. */
  cookies: string[];
  stop(): Promise<void>;
}

async function onPostgres(sql: string): Promise<void> {
  const server = await new DataSource({ type: 'postgres', url: POSTGRES_SERVER }).initialize();
  try {
    await server.query(sql);
  } finally {
    await server.destroy();
  }
}

async function waitFor(url: string, child: ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + 30000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${what} did not answer within 30 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/**
 * deploy/nginx.conf as shipped, pointed at these instances and this port, with paths a process that
 * is not the system's nginx may write, and the upstream chosen by a cookie so that a test can put
 * each browser on a known instance (`X-Upstream` tells which one answered).
 */
function nginxConfig(dir: string, port: number, upstreams: number[]): string {
  let config = readFileSync(join(WORKSPACE, 'deploy/nginx.conf'), 'utf8');
  const servers = /^\s*server api1:3000[^\n]*\n\s*server api2:3000[^\n]*\n/m;
  if (!servers.test(config) || !config.includes('listen 80;')) throw new Error('deploy/nginx.conf changed shape');
  config = config.replace(
    servers,
    `    hash $cookie_instance;\n${upstreams.map((p) => `    server 127.0.0.1:${p};\n`).join('')}`,
  );
  config = config.replace('listen 80;', `listen 127.0.0.1:${port};\n    add_header X-Upstream $upstream_addr always;`);
  config = config.replace(
    'worker_processes auto;',
    `worker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;`,
  );
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => {
    mkdirSync(join(dir, kind), { mode: 0o777 });
    chmodSync(join(dir, kind), 0o777);
    return `  ${kind}_temp_path ${dir}/${kind};\n`;
  });
  return config.replace('http {\n', `http {\n  access_log off;\n${temp.join('')}`);
}

export async function startScaledOut(): Promise<ScaledOut> {
  const dir = mkdtempSync(join(tmpdir(), 'webrtc-call-scale-out-'));
  chmodSync(dir, 0o755);
  const database = `webrtc_call_e2e_web_${randomBytes(6).toString('hex')}`;
  await onPostgres(`CREATE DATABASE ${database}`);
  const databaseUrl = new URL(POSTGRES_SERVER);
  databaseUrl.pathname = `/${database}`;
  const prefix = `e2e-web-${randomBytes(6).toString('hex')}:`;
  const shared = {
    ...process.env,
    DATABASE_URL: databaseUrl.toString(),
    REDIS_URL,
    REDIS_PREFIX: prefix,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    TRUST_PROXY: '1',
    LOG_LEVEL: 'error',
  };
  const children: ChildProcess[] = [];
  const ports = [await freePort(), await freePort()];
  for (const [i, port] of ports.entries()) {
    const dataDir = join(dir, `api${i + 1}`);
    mkdirSync(dataDir, { mode: 0o700 });
    const child = spawn(process.execPath, [join(WORKSPACE, 'dist/apps/api/main.js')], {
      cwd: dataDir,
      env: { ...shared, PORT: String(port), DATA_DIR: dataDir },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(child);
    // One after the other: the first migrates the new database.
    await waitFor(`http://127.0.0.1:${port}/api/health`, child, `API instance ${i + 1}`);
  }
  const proxyPort = await freePort();
  writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, proxyPort, ports));
  const nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(nginx);
  const baseUrl = `http://127.0.0.1:${proxyPort}`;
  await waitFor(`${baseUrl}/api/health`, nginx, 'nginx');

  const cookies: string[] = [];
  for (const port of ports) {
    for (let i = 0; i < 64 && cookies.length < ports.indexOf(port) + 1; i++) {
      const value = `c${i}`;
      const response = await fetch(`${baseUrl}/api/health/live`, { headers: { cookie: `instance=${value}` } });
      if (response.headers.get('x-upstream') === `127.0.0.1:${port}`) cookies.push(value);
    }
  }
  if (cookies.length !== ports.length) throw new Error('found no cookie value for each instance');

  return {
    baseUrl,
    instances: ports.map((port) => `http://127.0.0.1:${port}`),
    cookies,
    stop: async () => {
      for (const child of children.reverse()) await stopChild(child);
      await onPostgres(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await clearRedis(prefix);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function clearRedis(prefix: string): Promise<void> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      if (keys.length > 0) await client.del(keys);
    }
  } finally {
    await client.close();
  }
}
