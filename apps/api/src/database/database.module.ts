import { Module } from '@nestjs/common';
import { TypeOrmModule, TypeOrmModuleOptions } from '@nestjs/typeorm';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Room } from '../app/rooms/room.entity';
import { RoomBan } from '../app/rooms/room-ban.entity';
import { User } from '../app/users/user.entity';
import { AppConfig } from '../config/app-config';
import { InitialSchema1763690000000 } from './migrations/1763690000000-initial-schema';
import { AccountsAndRoomAccess1763800000000 } from './migrations/1763800000000-accounts-and-room-access';
import { RoomBans1763900000000 } from './migrations/1763900000000-room-bans';

export const ENTITIES = [User, Room, RoomBan];
export const MIGRATIONS = [InitialSchema1763690000000, AccountsAndRoomAccess1763800000000, RoomBans1763900000000];

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig): TypeOrmModuleOptions => {
        const common = { entities: ENTITIES, migrations: MIGRATIONS, migrationsRun: true, synchronize: false };
        if (config.databaseUrl) return { type: 'postgres', url: config.databaseUrl, ...common };
        if (config.databasePath !== ':memory:') mkdirSync(dirname(config.databasePath), { recursive: true });
        return { type: 'sqlite', database: config.databasePath, ...common };
      },
    }),
  ],
})
export class DatabaseModule {}
