// `npm start`: runs the built API (which serves the web client) and, when coturn is installed and no
// external TURN server is configured, a loopback coturn beside it that shares the API's TURN secret.
'use strict';
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { findTurnserver, startCoturn } = require('../turn/coturn.cjs');

const root = resolve(__dirname, '..');
const env = { ...process.env };
const dataDir = resolve(env.DATA_DIR || 'data');

function log(message) {
  console.log(`[start] ${message}`);
}

function turnSecret() {
  if (env.TURN_SECRET) return env.TURN_SECRET;
  const file = join(dataDir, 'turn-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // 43 characters: the API and render-config refuse TURN secrets under 32.
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  log(`TURN_SECRET not set: generated one and saved it to ${file}`);
  return secret;
}

async function startTurn() {
  if (env.TURN_URIS) {
    log(`using the TURN server(s) in TURN_URIS: ${env.TURN_URIS}`);
    return null;
  }
  if (!findTurnserver()) {
    log('coturn (turnserver) is not installed: calls are limited to direct connectivity (apt-get install coturn)');
    return null;
  }
  const secrets = turnSecret()
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const port = Number(env.TURN_PORT || 3478);
  // Loopback serves browsers on this machine only; TURN_LISTEN_IP (and TURN_EXTERNAL_IP behind a 1:1
  // NAT) serve a LAN or the internet.
  const address = env.TURN_LISTEN_IP || '127.0.0.1';
  const externalIp = env.TURN_EXTERNAL_IP || undefined;
  try {
    const coturn = await startCoturn({
      secrets,
      port,
      workDir: join(dataDir, 'turn'),
      output: 'ignore',
      address,
      externalIp,
    });
    env.TURN_SECRET = secrets.join(',');
    env.TURN_URIS = coturn.uris.join(',');
    log(`coturn (pid ${coturn.pid}) relaying on ${address}:${port}${externalIp ? `, announced as ${externalIp}` : ''}`);
    return coturn;
  } catch (error) {
    log(`coturn did not start (${error.message}): calls are limited to direct connectivity`);
    return null;
  }
}

async function main() {
  const coturn = await startTurn();
  const api = spawn(process.execPath, [join(root, 'dist/apps/api/main.js')], { env, stdio: 'inherit' });
  const forward = (signal) => api.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  api.on('exit', async (code, signal) => {
    if (coturn) await coturn.stop();
    process.exit(code ?? (signal ? 1 : 0));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
