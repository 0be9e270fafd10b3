import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';

/**
 * Invite links (only the SHA-256 of each secret is stored), each room's waiting-room settings and its
 * moderators. Links and moderators go with their room (and moderators with their account) through
 * cascading foreign keys, on SQLite as on PostgreSQL.
 */
export class InvitesAndWaitingRoom1764200000000 implements MigrationInterface {
  name = 'InvitesAndWaitingRoom1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const isPostgres = queryRunner.connection.options.type === 'postgres';
    const uuid = isPostgres ? ({ type: 'uuid' } as const) : ({ type: 'varchar', length: '36' } as const);
    const timestamp = isPostgres ? 'timestamp' : 'datetime';
    await queryRunner.addColumns('room', [
      new TableColumn({ name: 'guestsWait', type: 'boolean', default: true }),
      new TableColumn({ name: 'membersWait', type: 'boolean', default: false }),
    ]);
    await queryRunner.createTable(
      new Table({
        name: 'invite',
        columns: [
          // PostgreSQL generates ids itself, as for rooms and users; on SQLite TypeORM does.
          { name: 'id', ...uuid, isPrimary: true, ...(isPostgres ? { default: 'gen_random_uuid()' } : {}) },
          { name: 'roomId', ...uuid },
          { name: 'secretHash', type: 'varchar', length: '64', isUnique: true },
          { name: 'createdBy', ...uuid },
          { name: 'expiresAt', type: timestamp, isNullable: true },
          { name: 'maxUses', type: 'integer', isNullable: true },
          { name: 'uses', type: 'integer', default: 0 },
          { name: 'createdAt', type: timestamp, default: isPostgres ? 'now()' : "datetime('now')" },
        ],
        indices: [{ name: 'IDX_invite_roomId', columnNames: ['roomId'] }],
        foreignKeys: [
          { columnNames: ['roomId'], referencedTableName: 'room', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'room_moderator',
        columns: [
          { name: 'roomId', ...uuid, isPrimary: true },
          { name: 'userId', ...uuid, isPrimary: true },
          { name: 'createdAt', type: timestamp, default: isPostgres ? 'now()' : "datetime('now')" },
        ],
        indices: [{ name: 'IDX_room_moderator_userId', columnNames: ['userId'] }],
        foreignKeys: [
          { columnNames: ['roomId'], referencedTableName: 'room', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['userId'], referencedTableName: 'user', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('room_moderator');
    await queryRunner.dropTable('invite');
    await queryRunner.dropColumn('room', 'membersWait');
    await queryRunner.dropColumn('room', 'guestsWait');
  }
}
