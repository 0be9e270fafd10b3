import { HttpStatus, Injectable } from '@nestjs/common';
import { ApiErrorCode } from '@webrtc-call/signaling-contracts';
import * as argon2 from 'argon2';
import { RetryLaterException } from '../../common/retry-later.exception';
import { AppConfig } from '../../config/app-config';

/** Thrown when more hashes wait than the queue holds: 503 with Retry-After. */
export class HashingBusyException extends RetryLaterException {
  constructor() {
    super(
      HttpStatus.SERVICE_UNAVAILABLE,
      ApiErrorCode.ServiceUnavailable,
      'The server is busy checking passwords; try again in a moment',
      2000,
    );
  }
}

/**
 * argon2id for account and room passwords alike, a few at a time. Each hash takes 64 MiB and a libuv
 * thread, the threads the database driver and file reads share: without a bound, a loop of requests that
 * hash would starve every other request. Beyond `concurrency`, hashes wait in a queue of `queueLimit`;
 * past that they are refused at once, before any work is done.
 */
@Injectable()
export class PasswordHasher {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly concurrency: number;
  private readonly queueLimit: number;

  constructor(config: AppConfig) {
    ({ concurrency: this.concurrency, queueLimit: this.queueLimit } = config.hashing);
  }

  hash(password: string): Promise<string> {
    return this.run(() => argon2.hash(password, { type: argon2.argon2id }));
  }

  /** False for a wrong password and for a hash that cannot be read; throws only when the queue is full. */
  verify(hash: string, password: string): Promise<boolean> {
    return this.run(() => argon2.verify(hash, password).catch(() => false));
  }

  /** Hashes running and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queueLimit) throw new HashingBusyException();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      // A waiting caller takes over this slot: `running` stays the same.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
