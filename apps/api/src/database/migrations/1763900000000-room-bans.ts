import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Accounts barred from a room after being removed from its call. Foreign keys cascade so that a bar goes
 * with its room and with the barred account, on SQLite (TypeORM turns foreign keys on) as on PostgreSQL.
 */
export class RoomBans1763900000000 implements MigrationInterface {
  name = 'RoomBans1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const isPostgres = queryRunner.connection.options.type === 'postgres';
    const uuid = isPostgres ? ({ type: 'uuid' } as const) : ({ type: 'varchar', length: '36' } as const);
    await queryRunner.createTable(
      new Table({
        name: 'room_ban',
        columns: [
          { name: 'roomId', ...uuid, isPrimary: true },
          { name: 'userId', ...uuid, isPrimary: true },
          { name: 'bannedBy', ...uuid },
          {
            name: 'createdAt',
            type: isPostgres ? 'timestamp' : 'datetime',
            default: isPostgres ? 'now()' : "datetime('now')",
          },
        ],
        // The primary key covers lookups by room; deleting an account looks its bars up by user.
        indices: [{ name: 'IDX_room_ban_userId', columnNames: ['userId'] }],
        foreignKeys: [
          { columnNames: ['roomId'], referencedTableName: 'room', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['userId'], referencedTableName: 'user', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('room_ban');
  }
}
