import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** Accounts that must choose a new password before doing anything else (the generated administrator). */
export class PasswordChangeRequired1764100000000 implements MigrationInterface {
  name = 'PasswordChangeRequired1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'user',
      new TableColumn({ name: 'mustChangePassword', type: 'boolean', default: false }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('user', 'mustChangePassword');
  }
}
