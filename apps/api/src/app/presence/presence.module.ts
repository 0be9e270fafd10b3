import { Module } from '@nestjs/common';
import { LocalPresence } from './local-presence';
import { PRESENCE } from './presence';

/** Who sits in which room; no dependencies, so any domain can read it. */
@Module({
  providers: [{ provide: PRESENCE, useClass: LocalPresence }],
  exports: [PRESENCE],
})
export class PresenceModule {}
