import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/** Disabled accounts, token revocation, and room passwords, visibility and locking. */
export class AccountsAndRoomAccess1763800000000 implements MigrationInterface {
  name = 'AccountsAndRoomAccess1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('user', [
      new TableColumn({ name: 'disabled', type: 'boolean', default: false }),
      new TableColumn({ name: 'tokenVersion', type: 'integer', default: 0 }),
    ]);
    await queryRunner.addColumns('room', [
      new TableColumn({ name: 'passwordHash', type: 'varchar', length: '255', isNullable: true }),
      new TableColumn({ name: 'isPublic', type: 'boolean', default: false }),
      new TableColumn({ name: 'locked', type: 'boolean', default: false }),
    ]);
    await queryRunner.createIndex('room', new TableIndex({ name: 'IDX_room_isPublic', columnNames: ['isPublic'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('room', 'IDX_room_isPublic');
    await queryRunner.dropColumns('room', ['passwordHash', 'isPublic', 'locked']);
    await queryRunner.dropColumns('user', ['disabled', 'tokenVersion']);
  }
}
