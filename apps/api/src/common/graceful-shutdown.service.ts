import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { AppConfig } from '../config/app-config';

/**
 * Runs before the database and other resources close: stops accepting connections, lets in-flight
 * requests finish and closes sockets, all within SHUTDOWN_TIMEOUT_MS.
 */
@Injectable()
export class GracefulShutdownService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private readonly tasks: Array<(timeoutMs: number) => Promise<void>> = [];

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
  ) {}

  /** Adds work to do at shutdown, e.g. closing WebSocket clients; it gets the time budget. */
  onShutdown(task: (timeoutMs: number) => Promise<void>): void {
    this.tasks.push(task);
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (signal) this.logger.log(`${signal} received: finishing requests and closing sockets`);
    const timeoutMs = this.config.shutdownTimeoutMs;
    await Promise.all([this.drainHttp(timeoutMs), ...this.tasks.map((task) => task(timeoutMs))]);
  }

  private drainHttp(timeoutMs: number): Promise<void> {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        server.closeAllConnections();
        resolve();
      }, timeoutMs);
      // close() stops accepting, closes idle keep-alive connections, and calls back when the last request ends.
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
