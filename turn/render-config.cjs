// Renders turnserver.conf.template from the environment and prints it:
//   TURN_SECRET (required, comma-separated, each at least 32 characters, the same value the API gets),
//   TURN_REALM (required), TURN_LISTENING_IPS, TURN_EXTERNAL_IP (e.g. "203.0.113.7", or
//   "203.0.113.7/10.0.0.5" behind NAT), TURN_TLS_CERT and TURN_TLS_KEY (PEM files; enable turns: on 5349).
// The external and listening addresses are also denied as relay peers.
'use strict';
const { readFileSync } = require('node:fs');
const { isIP } = require('node:net');
const { join } = require('node:path');

/** The API refuses shorter secrets too (apps/api/src/config/app-config.ts). */
const MIN_SECRET_LENGTH = 32;

function list(value) {
  return (value || '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function ipAddresses(name, values) {
  const invalid = values.filter((value) => isIP(value) === 0);
  if (invalid.length > 0) throw new Error(`${name} must list IP addresses; not ${invalid.join(', ')}`);
  return values;
}

function isUnspecified(ip) {
  return ip === '0.0.0.0' || /^[0:]+$/.test(ip);
}

function render(env, template = readFileSync(join(__dirname, 'turnserver.conf.template'), 'utf8')) {
  for (const [name, value] of Object.entries(env)) {
    // A line break in a value would add lines of its own to the configuration.
    if (name.startsWith('TURN_') && /[\r\n]/.test(value || '')) throw new Error(`${name} must be a single line`);
  }
  const secrets = list(env.TURN_SECRET);
  if (secrets.length === 0) throw new Error('TURN_SECRET is required');
  secrets.forEach((secret, index) => {
    if (secret.length < MIN_SECRET_LENGTH || /\s/.test(secret)) {
      throw new Error(
        `TURN_SECRET must be at least ${MIN_SECRET_LENGTH} characters without spaces, each of a rotation list ` +
          `(secret ${index + 1} is not); e.g. openssl rand -base64 32`,
      );
    }
  });
  if (!env.TURN_REALM) throw new Error('TURN_REALM is required (e.g. the TURN host name)');
  if (Boolean(env.TURN_TLS_CERT) !== Boolean(env.TURN_TLS_KEY)) {
    throw new Error('TURN_TLS_CERT and TURN_TLS_KEY go together');
  }
  const listening = ipAddresses('TURN_LISTENING_IPS', list(env.TURN_LISTENING_IPS));
  const external = env.TURN_EXTERNAL_IP ? env.TURN_EXTERNAL_IP.trim() : '';
  const externalParts = ipAddresses(
    'TURN_EXTERNAL_IP ("public" or "public/private")',
    external ? external.split('/') : [],
  );
  if (externalParts.length > 2) throw new Error('TURN_EXTERNAL_IP is "public" or "public/private"');
  // A wildcard listening address names no address of ours, and as a rule it would deny every peer.
  const own = [...new Set([...externalParts, ...listening])].filter((ip) => !isUnspecified(ip));
  const values = {
    TURN_REALM: env.TURN_REALM,
    STATIC_AUTH_SECRETS: secrets.map((secret) => `static-auth-secret=${secret}`).join('\n'),
    LISTENING_IPS: listening.map((ip) => `listening-ip=${ip}`).join('\n'),
    EXTERNAL_IP: external ? `external-ip=${external}` : '',
    TLS: env.TURN_TLS_CERT ? `cert=${env.TURN_TLS_CERT}\npkey=${env.TURN_TLS_KEY}` : 'no-tls\nno-dtls',
    OWN_ADDRESSES: own.length
      ? own.map((ip) => `denied-peer-ip=${ip}`).join('\n')
      : '# (none given: set TURN_EXTERNAL_IP or TURN_LISTENING_IPS)',
  };
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_match, name) => {
    if (!(name in values)) throw new Error(`unknown placeholder ${name}`);
    return values[name];
  });
}

if (require.main === module) {
  try {
    process.stdout.write(render(process.env));
  } catch (error) {
    console.error(`render-config: ${error.message}`);
    process.exit(1);
  }
}

module.exports = { MIN_SECRET_LENGTH, render };
