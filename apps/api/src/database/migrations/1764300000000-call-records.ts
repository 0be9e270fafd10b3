import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

/**
 * Call records: calls, their participants and their legs (one row per pair of participants, every
 * sample folded into its figures). A partial unique index keeps one open call per room, which both
 * SQLite and PostgreSQL enforce, so instances that open a room's call at once end up with one.
 * Records do not reference rooms or accounts: they outlive both until the retention purge.
 */
export class CallRecords1764300000000 implements MigrationInterface {
  name = 'CallRecords1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const isPostgres = queryRunner.connection.options.type === 'postgres';
    const uuid = isPostgres ? ({ type: 'uuid' } as const) : ({ type: 'varchar', length: '36' } as const);
    const id: TableColumnOptions = {
      name: 'id',
      ...uuid,
      isPrimary: true,
      ...(isPostgres ? { default: 'gen_random_uuid()' } : {}),
    };
    const timestamp = isPostgres ? 'timestamp' : 'datetime';
    const double = isPostgres ? 'double precision' : 'real';
    const callFk = {
      columnNames: ['callId'],
      referencedTableName: 'call',
      referencedColumnNames: ['id'],
      onDelete: 'CASCADE',
    };
    await queryRunner.createTable(
      new Table({
        name: 'call',
        columns: [
          id,
          // Not a foreign key: the record stays when the room is deleted.
          { name: 'roomId', ...uuid },
          { name: 'roomName', type: 'varchar' },
          { name: 'startedAt', type: timestamp },
          { name: 'endedAt', type: timestamp, isNullable: true },
        ],
        indices: [
          { name: 'IDX_call_startedAt', columnNames: ['startedAt'] },
          { name: 'IDX_call_endedAt', columnNames: ['endedAt'] },
        ],
      }),
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_call_open_room" ON "call" ("roomId") WHERE "endedAt" IS NULL`);
    await queryRunner.createTable(
      new Table({
        name: 'call_participant',
        columns: [
          id,
          { name: 'callId', ...uuid },
          { name: 'peerId', type: 'varchar', length: '64' },
          { name: 'userId', ...uuid, isNullable: true },
          { name: 'displayName', type: 'varchar' },
          { name: 'guest', type: 'boolean', default: false },
          { name: 'joinedAt', type: timestamp },
          { name: 'leftAt', type: timestamp, isNullable: true },
        ],
        indices: [
          { name: 'IDX_call_participant_peer', columnNames: ['callId', 'peerId'], isUnique: true },
          { name: 'IDX_call_participant_userId', columnNames: ['userId'] },
        ],
        foreignKeys: [callFk],
      }),
    );
    const figure = (name: string): TableColumnOptions[] => [
      { name: `${name}Count`, type: 'integer', default: 0 },
      { name: `${name}Sum`, type: double, default: 0 },
      { name: `${name}Min`, type: double, isNullable: true },
      { name: `${name}Max`, type: double, isNullable: true },
    ];
    await queryRunner.createTable(
      new Table({
        name: 'call_leg',
        columns: [
          id,
          { name: 'callId', ...uuid },
          { name: 'aId', ...uuid },
          { name: 'bId', ...uuid },
          { name: 'startedAt', type: timestamp },
          { name: 'version', type: 'integer', default: 0 },
          { name: 'outcome', type: 'varchar', length: '32' },
          { name: 'localCandidateType', type: 'varchar', length: '8', isNullable: true },
          { name: 'remoteCandidateType', type: 'varchar', length: '8', isNullable: true },
          { name: 'protocol', type: 'varchar', length: '8', isNullable: true },
          { name: 'relayProtocol', type: 'varchar', length: '8', isNullable: true },
          { name: 'pairFromA', type: 'boolean', default: false },
          { name: 'timeToConnectMs', type: double, isNullable: true },
          { name: 'timeToFirstFrameMs', type: double, isNullable: true },
          { name: 'samples', type: 'integer', default: 0 },
          { name: 'iceRestarts', type: 'integer', default: 0 },
          ...figure('rtt'),
          ...figure('jitter'),
          ...figure('loss'),
          ...figure('bitrate'),
        ],
        indices: [
          { name: 'IDX_call_leg_pair', columnNames: ['callId', 'aId', 'bId'], isUnique: true },
          { name: 'IDX_call_leg_startedAt', columnNames: ['startedAt'] },
        ],
        foreignKeys: [
          callFk,
          {
            columnNames: ['aId'],
            referencedTableName: 'call_participant',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
          {
            columnNames: ['bId'],
            referencedTableName: 'call_participant',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('call_leg');
    await queryRunner.dropTable('call_participant');
    await queryRunner.query(`DROP INDEX "IDX_call_open_room"`);
    await queryRunner.dropTable('call');
  }
}
