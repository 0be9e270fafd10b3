import { Global, Module } from '@nestjs/common';
import { ATTEMPTS } from './attempts';
import { LocalAttempts } from './local-attempts';
import { PasswordHasher } from './password-hasher';

/** What bounds guessing and hashing: the attempt counters and the argon2 queue, for every domain. */
@Global()
@Module({
  providers: [{ provide: ATTEMPTS, useClass: LocalAttempts }, PasswordHasher],
  exports: [ATTEMPTS, PasswordHasher],
})
export class LimitsModule {}
