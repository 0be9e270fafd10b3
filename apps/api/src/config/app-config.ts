import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { Environment, validateEnvironment } from './environment';
import { ensurePrivateDir, writePrivateFile } from './private-files';

/** coturn's HMAC-SHA1 key: long enough not to be guessed offline from one credential it signed. */
export const MIN_TURN_SECRET_LENGTH = 32;

/** The one typed view of configuration; nothing else reads process.env. */
export class AppConfig {
  private readonly logger = new Logger(AppConfig.name);
  readonly port: number;
  readonly dataDir: string;
  readonly databasePath: string;
  /** Set when PostgreSQL is configured; SQLite at `databasePath` otherwise. */
  readonly databaseUrl: string | null;
  readonly jwtSecret: string;
  readonly jwtTtlSeconds: number;
  readonly webDistPath: string;
  readonly logLevel: Environment['LOG_LEVEL'];
  readonly turnSecrets: string[];
  readonly turnUris: string[];
  readonly stunUris: string[];
  readonly turnTtlSeconds: number;
  /** The first administrator; null to generate one when no administrator exists. */
  readonly admin: { username: string; password: string } | null;
  readonly authRateLimit: { limit: number; windowMs: number };
  /** Proxies whose X-Forwarded-For is believed: how many hops, or which addresses; false for none. */
  readonly trustProxy: false | number | string[];
  /** Bearer token `/metrics` requires; null: metrics are open (protect them at the proxy). */
  readonly metricsToken: string | null;
  /** null: cross-origin requests are not allowed. */
  readonly corsOrigins: string[] | '*' | null;
  readonly tls: { mode: 'off' } | { mode: 'files'; certPath: string; keyPath: string } | { mode: 'self-signed' };
  readonly shutdownTimeoutMs: number;
  readonly signaling: {
    idleTimeoutMs: number;
    pingIntervalMs: number;
    resumeWindowMs: number;
    ratePerSecond: number;
    rateBurst: number;
    maxSocketsPerUser: number;
    maxBufferedBytes: number;
    maxRateViolations: number;
    maxPendingUpgradesPerAddress: number;
  };
  /** Shared state for several instances; null: one process, in memory. */
  readonly redis: { url: string; prefix: string; instanceTtlMs: number; maxWaitingCommands: number } | null;
  /**
   * Wrong room passwords allowed per user and room, and per room from all users, within the window; then
   * joins are refused until it ends. Shorter passwords than `minLength` are refused.
   */
  readonly roomPasswordLimit: { maxAttempts: number; roomMaxAttempts: number; windowMs: number; minLength: number };
  /** Failed logins per account before backoff, its ceiling, and how long failures are remembered. */
  readonly loginLimit: { maxFailures: number; backoffMaxMs: number; memoryMs: number };
  /** argon2 at once and queued, and the hashes one account may cause per window. */
  readonly hashing: { concurrency: number; queueLimit: number; perAccount: number; windowMs: number };
  readonly maxRoomsPerAccount: number;
  /** Days call records are kept after their call ended. */
  readonly callRetentionDays: number;
  /** Guest tokens' lifetime, and the waiting room's timeout and size per room. */
  readonly guests: { tokenTtlSeconds: number; waitTimeoutMs: number; maxWaitingPerRoom: number };

  constructor(env: Environment) {
    this.port = env.PORT;
    this.dataDir = resolve(env.DATA_DIR);
    const dbPath = env.DATABASE_PATH;
    this.databasePath = dbPath === ':memory:' ? dbPath : resolve(dbPath ?? join(this.dataDir, 'webrtc-call.sqlite'));
    this.databaseUrl = env.DATABASE_URL ?? null;
    this.jwtTtlSeconds = env.JWT_TTL_SECONDS;
    this.webDistPath = resolve(env.WEB_DIST ?? join(__dirname, '..', 'web', 'browser'));
    this.logLevel = env.LOG_LEVEL;
    this.jwtSecret = env.JWT_SECRET ?? this.loadOrCreateJwtSecret();
    this.turnSecrets = list(env.TURN_SECRET);
    this.turnUris = list(env.TURN_URIS);
    this.stunUris = list(env.STUN_URIS);
    this.turnTtlSeconds = env.TURN_TTL_SECONDS;
    if (Boolean(env.ADMIN_USERNAME) !== Boolean(env.ADMIN_PASSWORD)) {
      throw new Error('Invalid configuration: set both ADMIN_USERNAME and ADMIN_PASSWORD, or neither');
    }
    this.admin =
      env.ADMIN_USERNAME && env.ADMIN_PASSWORD ? { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD } : null;
    this.authRateLimit = { limit: env.AUTH_RATE_LIMIT, windowMs: env.AUTH_RATE_WINDOW_SECONDS * 1000 };
    this.trustProxy = parseTrustProxy(env.TRUST_PROXY);
    this.metricsToken = env.METRICS_TOKEN ?? null;
    const origins = list(env.CORS_ORIGINS);
    this.corsOrigins = origins.includes('*') ? '*' : origins.length > 0 ? origins : null;
    this.tls = tlsMode(env);
    this.shutdownTimeoutMs = env.SHUTDOWN_TIMEOUT_MS;
    this.signaling = {
      idleTimeoutMs: env.SIGNALING_IDLE_TIMEOUT_MS,
      pingIntervalMs: env.SIGNALING_PING_INTERVAL_MS,
      resumeWindowMs: env.SIGNALING_RESUME_WINDOW_MS,
      ratePerSecond: env.SIGNALING_RATE_PER_SECOND,
      rateBurst: env.SIGNALING_RATE_BURST,
      maxSocketsPerUser: env.SIGNALING_MAX_SOCKETS_PER_USER,
      maxBufferedBytes: env.SIGNALING_MAX_BUFFERED_BYTES,
      maxRateViolations: env.SIGNALING_MAX_RATE_VIOLATIONS,
      maxPendingUpgradesPerAddress: env.SIGNALING_MAX_PENDING_UPGRADES,
    };
    this.redis = env.REDIS_URL
      ? {
          url: env.REDIS_URL,
          prefix: env.REDIS_PREFIX,
          instanceTtlMs: env.REDIS_INSTANCE_TTL_MS,
          maxWaitingCommands: env.REDIS_MAX_WAITING_COMMANDS,
        }
      : null;
    this.roomPasswordLimit = {
      maxAttempts: env.ROOM_PASSWORD_MAX_ATTEMPTS,
      roomMaxAttempts: env.ROOM_PASSWORD_ROOM_MAX_ATTEMPTS,
      windowMs: env.ROOM_PASSWORD_WINDOW_MS,
      minLength: env.ROOM_PASSWORD_MIN_LENGTH,
    };
    this.loginLimit = {
      maxFailures: env.LOGIN_MAX_FAILURES,
      backoffMaxMs: env.LOGIN_BACKOFF_MAX_SECONDS * 1000,
      memoryMs: env.LOGIN_FAILURE_MEMORY_SECONDS * 1000,
    };
    this.hashing = {
      concurrency: env.HASH_CONCURRENCY,
      queueLimit: env.HASH_QUEUE_LIMIT,
      perAccount: env.HASH_BUDGET_PER_ACCOUNT,
      windowMs: env.HASH_BUDGET_WINDOW_SECONDS * 1000,
    };
    this.maxRoomsPerAccount = env.MAX_ROOMS_PER_ACCOUNT;
    this.callRetentionDays = env.CALL_RETENTION_DAYS;
    this.guests = {
      tokenTtlSeconds: env.GUEST_TOKEN_TTL_SECONDS,
      waitTimeoutMs: env.WAITING_ROOM_TIMEOUT_SECONDS * 1000,
      maxWaitingPerRoom: env.WAITING_ROOM_MAX_PER_ROOM,
    };
    for (const uri of [...this.turnUris, ...this.stunUris]) {
      if (!/^(turns?|stuns?):[^\s]+$/.test(uri))
        throw new Error(`Invalid configuration: "${uri}" is not a stun:/turn: URI`);
    }
    const weak = this.turnSecrets.findIndex((secret) => secret.length < MIN_TURN_SECRET_LENGTH);
    if (weak >= 0) {
      // Anyone who recovers the secret mints TURN credentials for any user; never print it.
      throw new Error(
        `Invalid configuration: TURN_SECRET must be at least ${MIN_TURN_SECRET_LENGTH} characters, each secret of ` +
          `a rotation list (secret ${weak + 1} of ${this.turnSecrets.length} is shorter); e.g. openssl rand -base64 32`,
      );
    }
    if (this.turnUris.some((u) => u.startsWith('turn')) && this.turnSecrets.length === 0) {
      throw new Error('Invalid configuration: TURN_URIS names a TURN server but TURN_SECRET is not set');
    }
  }

  static fromEnvironment(raw: Record<string, unknown>): AppConfig {
    return new AppConfig(validateEnvironment(raw));
  }

  /** A secret that survives restarts, so tokens stay valid, without anyone having to configure one. */
  private loadOrCreateJwtSecret(): string {
    const file = join(this.dataDir, 'jwt-secret');
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    ensurePrivateDir(this.dataDir);
    const secret = randomBytes(48).toString('base64url');
    writePrivateFile(file, secret + '\n');
    this.logger.warn(`JWT_SECRET not set: generated one and saved it to ${file}`);
    return secret;
  }
}

function tlsMode(env: Environment): AppConfig['tls'] {
  if (Boolean(env.TLS_CERT) !== Boolean(env.TLS_KEY)) {
    throw new Error('Invalid configuration: set both TLS_CERT and TLS_KEY, or neither');
  }
  if (env.TLS_CERT && env.TLS_KEY) {
    if (env.HTTPS === 'self-signed') {
      throw new Error('Invalid configuration: HTTPS=self-signed and TLS_CERT/TLS_KEY exclude each other');
    }
    return { mode: 'files', certPath: resolve(env.TLS_CERT), keyPath: resolve(env.TLS_KEY) };
  }
  return env.HTTPS === 'self-signed' ? { mode: 'self-signed' } : { mode: 'off' };
}

/** proxy-addr's names for well-known ranges (127.0.0.1/8 and ::1, link-local, private). */
const NAMED_SUBNETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * A hop count, or the proxies' addresses and subnets. Never `true`: trusting every hop lets any client
 * write its own X-Forwarded-For and pick the address that rate limits count against.
 */
function parseTrustProxy(raw: string | undefined): false | number | string[] {
  const value = (raw ?? '').trim();
  if (value === '' || value.toLowerCase() === 'false') return false;
  if (value.toLowerCase() === 'true') {
    throw new Error(
      'Invalid configuration: TRUST_PROXY=true would trust every X-Forwarded-For hop, so any client could forge ' +
        'its address (and escape the per-address limits). Set the number of proxies in front of the server ' +
        '(e.g. 1) or their addresses or subnets (e.g. 10.0.0.5 or 10.0.0.0/8, comma-separated)',
    );
  }
  if (/^\d+$/.test(value)) return Number(value);
  const entries = list(value);
  const invalid = entries.filter((entry) => !isProxyAddress(entry));
  if (invalid.length > 0) {
    throw new Error(
      `Invalid configuration: TRUST_PROXY must be a hop count or comma-separated proxy addresses or subnets ` +
        `(CIDR, or loopback, linklocal, uniquelocal); not ${invalid.map((e) => `"${e}"`).join(', ')}`,
    );
  }
  return entries;
}

function isProxyAddress(entry: string): boolean {
  if (NAMED_SUBNETS.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}
