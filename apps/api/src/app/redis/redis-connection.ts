import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import type { AppConfig } from '../../config/app-config';

type Client = ReturnType<typeof createClient>;
type Settings = NonNullable<AppConfig['redis']>;

/** How long start-up waits for Redis before going on unhealthy (it keeps reconnecting in the background). */
const CONNECT_WAIT_MS = 10000;

/**
 * The connections to the Redis several instances share: one for commands, one for subscriptions.
 * Commands fail at once while Redis is away (no offline queue), so callers answer `unavailable`
 * instead of hanging; both connections reconnect by themselves, and `onReady` handlers run again
 * each time, to put back what a restarted Redis lost.
 */
@Injectable()
export class RedisConnection implements OnModuleInit, OnApplicationShutdown {
  /** This process among the instances; owner of the seats it holds in Redis. */
  readonly instanceId = randomUUID();
  readonly client: Client;
  readonly subscriber: Client;
  private readonly logger = new Logger('Redis');
  private readonly readyHandlers: Array<() => void> = [];
  private readonly shas = new Map<string, string>();
  private lastError = '';

  constructor(private readonly settings: Settings) {
    const options = {
      url: settings.url,
      disableOfflineQueue: true,
      // node-redis times each command until it is written, with an AbortSignal and a 5 s timer that
      // outlives the command; on the relay path that costs more CPU than the command. Commands are
      // written at once here (no offline queue), fail when the connection drops, and are bounded:
      commandOptions: { timeout: 0 },
      commandsQueueMaxLength: settings.maxWaitingCommands,
      socket: {
        connectTimeout: 2000,
        reconnectStrategy: (retries: number) => Math.min(100 * 2 ** Math.min(retries, 5), 2000),
      },
    };
    this.client = createClient(options);
    this.subscriber = createClient(options);
    for (const [name, connection] of [
      ['commands', this.client],
      ['subscriptions', this.subscriber],
    ] as const) {
      // Without an error listener node-redis errors would be thrown from the emitter and end the process.
      connection.on('error', (error: unknown) => this.failed(name, error));
      connection.on('ready', () => this.readied(name));
    }
  }

  get ready(): boolean {
    return this.client.isReady && this.subscriber.isReady;
  }

  /** `handler` runs whenever both connections are (again) ready. */
  onReady(handler: () => void): void {
    this.readyHandlers.push(handler);
    if (this.ready) handler();
  }

  key(...parts: string[]): string {
    return this.settings.prefix + parts.join(':');
  }

  async onModuleInit(): Promise<void> {
    const connected = Promise.all([this.client.connect(), this.subscriber.connect()]);
    connected.catch((error: unknown) => this.failed('connect', error));
    const waited = await Promise.race([
      connected.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), CONNECT_WAIT_MS).unref()),
    ]);
    if (!waited) this.logger.warn(`no answer from Redis after ${CONNECT_WAIT_MS} ms: starting unhealthy`);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const connection of [this.subscriber, this.client]) {
      if (connection.isOpen) await connection.close().catch(() => connection.destroy());
      else if (connection.isOpen === false) connection.destroy();
    }
  }

  /** Runs a Lua script by its digest, sending the source only when Redis does not know it yet. */
  async script(source: string, keys: string[], args: Array<string | number>): Promise<unknown> {
    let sha = this.shas.get(source);
    if (!sha) {
      sha = createHash('sha1').update(source).digest('hex');
      this.shas.set(source, sha);
    }
    const options = { keys, arguments: args.map(String) };
    try {
      return await this.client.evalSha(sha, options);
    } catch (error: unknown) {
      if (!String(error).includes('NOSCRIPT')) throw error;
      return this.client.eval(source, options);
    }
  }

  private readied(name: string): void {
    this.logger.log(`${name} connection ready`);
    this.lastError = '';
    if (!this.ready) return;
    for (const handler of this.readyHandlers) handler();
  }

  private failed(name: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    // A Redis outage makes every reconnect attempt fail; say it once, not ten times a second.
    if (message === this.lastError) return;
    this.lastError = message;
    this.logger.error(`${name}: ${message}`);
  }
}
