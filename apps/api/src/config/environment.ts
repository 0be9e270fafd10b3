import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

/** Every environment variable the API reads. Validated once at start; the process exits on a bad value. */
export class Environment {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @IsString()
  DATA_DIR = './data';

  /** SQLite file; defaults to `<DATA_DIR>/webrtc-call.sqlite`. `:memory:` is accepted. */
  @IsOptional()
  @IsString()
  DATABASE_PATH?: string;

  /** PostgreSQL instead of SQLite, e.g. `postgres://user:password@host:5432/webrtc_call`. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(30 * 24 * 3600)
  JWT_TTL_SECONDS = 12 * 3600;

  /** Folder of the built web client; defaults to the one next to the API bundle. */
  @IsOptional()
  @IsString()
  WEB_DIST?: string;

  /** Shared secret(s) with coturn's `static-auth-secret`, comma-separated, each at least 32 characters; the first signs. */
  @IsOptional()
  @IsString()
  TURN_SECRET?: string;

  /** Comma-separated `turn:`/`turns:`/`stun:` URIs handed to clients, e.g. `turn:host:3478?transport=udp`. */
  @IsOptional()
  @IsString()
  TURN_URIS?: string;

  /** Comma-separated `stun:` URIs used when no TURN server is configured. */
  @IsOptional()
  @IsString()
  STUN_URIS?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(86400)
  TURN_TTL_SECONDS = 3600;

  /** A signaling socket that sends nothing and answers no ping for this long is closed. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  SIGNALING_IDLE_TIMEOUT_MS = 15000;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  SIGNALING_PING_INTERVAL_MS = 5000;

  /** How long a peer whose socket was lost keeps its seat for a resume. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  SIGNALING_RESUME_WINDOW_MS = 30000;

  /** Per-socket token bucket: sustained messages per second and burst size. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SIGNALING_RATE_PER_SECOND = 50;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SIGNALING_RATE_BURST = 200;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SIGNALING_MAX_SOCKETS_PER_USER = 10;

  /** Unsent bytes a socket may have queued before it is cut off as a client that stopped reading. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(64 * 1024)
  SIGNALING_MAX_BUFFERED_BYTES = 1024 * 1024;

  /** Messages over the rate limit tolerated (in bursts less than a second apart) before the socket is closed with 1008. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SIGNALING_MAX_RATE_VIOLATIONS = 50;

  /** WebSocket upgrades from one client address whose credential is still being checked; more get 429. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  SIGNALING_MAX_PENDING_UPGRADES = 20;

  /** Wrong room passwords one user may try for one room within ROOM_PASSWORD_WINDOW_MS before joins are refused. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  ROOM_PASSWORD_MAX_ATTEMPTS = 5;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(24 * 3600 * 1000)
  ROOM_PASSWORD_WINDOW_MS = 15 * 60 * 1000;

  /** Wrong passwords for one room, from all accounts together, within ROOM_PASSWORD_WINDOW_MS before joins are refused. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  ROOM_PASSWORD_ROOM_MAX_ATTEMPTS = 20;

  /** The shortest room password accepted when a room is created or its password changed. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(128)
  ROOM_PASSWORD_MIN_LENGTH = 6;

  /** Failed logins to one account before each further try must wait (1 s, doubling, up to LOGIN_BACKOFF_MAX_SECONDS). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_MAX_FAILURES = 5;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86400)
  LOGIN_BACKOFF_MAX_SECONDS = 900;

  /** An account's failed logins are forgotten this long after the last one. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(7 * 86400)
  LOGIN_FAILURE_MEMORY_SECONDS = 900;

  /** argon2 hashes computed at once (each takes 64 MiB and a libuv thread); more wait in a queue. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  HASH_CONCURRENCY = 2;

  /** Hashes waiting beyond HASH_CONCURRENCY; more are refused with 503 and Retry-After. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10000)
  HASH_QUEUE_LIMIT = 64;

  /** Password hashes and checks one account may cause per HASH_BUDGET_WINDOW_SECONDS (room passwords, password changes). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  HASH_BUDGET_PER_ACCOUNT = 30;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86400)
  HASH_BUDGET_WINDOW_SECONDS = 600;

  /** Rooms one account may own. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  MAX_ROOMS_PER_ACCOUNT = 50;

  /** Call records (participants, legs, quality figures) are deleted this many days after their call ended. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  CALL_RETENTION_DAYS = 30;

  /**
   * Redis shared by several API instances (e.g. `redis://redis:6379`): presence, delivery between
   * instances and signaling tickets live there. Unset: one process, everything in memory.
   */
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Prepended to every Redis key and channel, so several deployments can share one Redis. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9:._-]{1,64}$/, { message: 'REDIS_PREFIX must be 1 to 64 letters, digits, ":", ".", "_" or "-"' })
  REDIS_PREFIX = 'webrtc-call:';

  /** An instance that has not refreshed its liveness key for this long is taken for dead: its peers are announced gone. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(600000)
  REDIS_INSTANCE_TTL_MS = 10000;

  /** Commands one instance may have waiting for Redis at once; past it, frames between instances get `unavailable`. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(1000000)
  REDIS_MAX_WAITING_COMMANDS = 10000;

  /** Lifetime of a guest's token (never beyond its invite link's expiry). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(86400)
  GUEST_TOKEN_TTL_SECONDS = 14400;

  /** How long someone waits for the host before being turned away. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(3600)
  WAITING_ROOM_TIMEOUT_SECONDS = 300;

  /** People waiting for one room at once; more are refused with `waiting-room-full`. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  WAITING_ROOM_MAX_PER_ROOM = 20;

  /** With ADMIN_PASSWORD: the administrator account created at start if it does not exist. */
  @IsOptional()
  @Matches(/^[a-zA-Z0-9._-]{3,32}$/, {
    message: 'ADMIN_USERNAME must be 3 to 32 letters, digits, ".", "_" or "-"',
  })
  ADMIN_USERNAME?: string;

  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'ADMIN_PASSWORD must be at least 8 characters' })
  ADMIN_PASSWORD?: string;

  /** Login and registration attempts allowed per client IP address and window. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  AUTH_RATE_LIMIT = 10;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86400)
  AUTH_RATE_WINDOW_SECONDS = 60;

  /**
   * Reverse proxies whose X-Forwarded-For is believed, so rate limits see client addresses: a hop count
   * or comma-separated addresses and CIDR subnets. `true` is refused (any client could forge its address).
   */
  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  /** When set, `/metrics` requires `Authorization: Bearer <METRICS_TOKEN>`; open when unset. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /** Comma-separated origins allowed to call the API from other sites; `*` for any. Off when unset. */
  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  /** PEM files: serve HTTP and WebSocket over TLS on PORT. */
  @IsOptional()
  @IsString()
  TLS_CERT?: string;

  @IsOptional()
  @IsString()
  TLS_KEY?: string;

  /** `self-signed`: generate a certificate for this machine into DATA_DIR on first start. */
  @IsOptional()
  @IsIn(['off', 'self-signed'])
  HTTPS: 'off' | 'self-signed' = 'off';

  /** How long shutdown waits for in-flight requests and closing sockets. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(120000)
  SHUTDOWN_TIMEOUT_MS = 10000;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';
}

export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const env = plainToInstance(Environment, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const details = errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ');
    throw new Error(`Invalid configuration: ${details}`);
  }
  return env;
}
