// Renders turnserver.conf.template from the environment and prints it:
//   TURN_SECRET (required, comma-separated, the same value the API gets), TURN_REALM (required),
//   TURN_LISTENING_IPS, TURN_EXTERNAL_IP (e.g. "203.0.113.7" or "203.0.113.7/10.0.0.5" behind NAT),
//   TURN_TLS_CERT and TURN_TLS_KEY (PEM files; enable turns: on 5349).
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

function list(value) {
  return (value || '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function render(env, template = readFileSync(join(__dirname, 'turnserver.conf.template'), 'utf8')) {
  const secrets = list(env.TURN_SECRET);
  if (secrets.length === 0) throw new Error('TURN_SECRET is required');
  if (!env.TURN_REALM) throw new Error('TURN_REALM is required (e.g. the TURN host name)');
  if (Boolean(env.TURN_TLS_CERT) !== Boolean(env.TURN_TLS_KEY)) {
    throw new Error('TURN_TLS_CERT and TURN_TLS_KEY go together');
  }
  const values = {
    TURN_REALM: env.TURN_REALM,
    STATIC_AUTH_SECRETS: secrets.map((secret) => `static-auth-secret=${secret}`).join('\n'),
    LISTENING_IPS: list(env.TURN_LISTENING_IPS)
      .map((ip) => `listening-ip=${ip}`)
      .join('\n'),
    EXTERNAL_IP: env.TURN_EXTERNAL_IP ? `external-ip=${env.TURN_EXTERNAL_IP}` : '',
    TLS: env.TURN_TLS_CERT ? `cert=${env.TURN_TLS_CERT}\npkey=${env.TURN_TLS_KEY}` : 'no-tls\nno-dtls',
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

module.exports = { render };
