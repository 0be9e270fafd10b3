import { Module } from '@nestjs/common';
import { TypeOrmModule, TypeOrmModuleOptions } from '@nestjs/typeorm';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as sqlite3 from 'sqlite3';
import { DataSource, DataSourceOptions } from 'typeorm';
import { Call } from '../app/calls/call.entity';
import { CallLeg } from '../app/calls/call-leg.entity';
import { CallParticipant } from '../app/calls/call-participant.entity';
import { Invite } from '../app/invites/invite.entity';
import { Room } from '../app/rooms/room.entity';
import { RoomBan } from '../app/rooms/room-ban.entity';
import { RoomModerator } from '../app/rooms/room-moderator.entity';
import { User } from '../app/users/user.entity';
import { AppConfig } from '../config/app-config';
import { ensurePrivateDir } from '../config/private-files';
import { InitialSchema1763690000000 } from './migrations/1763690000000-initial-schema';
import { AccountsAndRoomAccess1763800000000 } from './migrations/1763800000000-accounts-and-room-access';
import { RoomBans1763900000000 } from './migrations/1763900000000-room-bans';
import { PasswordChangeRequired1764100000000 } from './migrations/1764100000000-password-change-required';
import { InvitesAndWaitingRoom1764200000000 } from './migrations/1764200000000-invites-and-waiting-room';
import { CallRecords1764300000000 } from './migrations/1764300000000-call-records';

export const ENTITIES = [User, Room, RoomBan, Invite, RoomModerator, Call, CallParticipant, CallLeg];
export const MIGRATIONS = [
  InitialSchema1763690000000,
  AccountsAndRoomAccess1763800000000,
  RoomBans1763900000000,
  PasswordChangeRequired1764100000000,
  InvitesAndWaitingRoom1764200000000,
  CallRecords1764300000000,
];

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig): TypeOrmModuleOptions => {
        const common = { entities: ENTITIES, migrations: MIGRATIONS, migrationsRun: true, synchronize: false };
        if (config.databaseUrl) return { type: 'postgres', url: config.databaseUrl, ...common };
        if (config.databasePath !== ':memory:') ensurePrivateDir(dirname(config.databasePath));
        // TypeORM calls `verbose()` on the driver it is given; sqlite3's own verbose() wraps every call to
        // capture a stack trace, which costs on every query. Handing it a driver whose verbose() is the
        // plain module keeps the calls unwrapped.
        const driver = { verbose: () => sqlite3 };
        // Write-ahead logging: a commit is one append and one fsync instead of a rollback journal's
        // create, write, fsync and delete, and reads never wait for a write. Commits stay durable.
        return { type: 'sqlite', database: config.databasePath, driver, enableWAL: true, ...common };
      },
      dataSourceFactory: async (options?: DataSourceOptions) => {
        if (!options) throw new Error('No database options');
        const file = options.type === 'sqlite' && options.database !== ':memory:' ? options.database : null;
        // SQLite would create the file with the umask's permissions (usually 0644). A new database starts
        // as an empty private file instead, and SQLite gives its -wal and -shm files the same mode.
        if (file && !existsSync(file)) writeFileSync(file, '', { mode: 0o600 });
        return new DataSource(options).initialize();
      },
    }),
  ],
})
export class DatabaseModule {}
