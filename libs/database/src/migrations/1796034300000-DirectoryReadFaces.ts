import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The directory's read faces (libs/directory owns unit, organisation and app_user): what other
 * libraries may join for a name or an organisation, in the same statement, without naming the
 * directory's tables (test/table-ownership.spec.ts). A person's face has names, not identity numbers.
 * LEFT JOIN on the organisation's key: a query that reads no organisation column does not join it.
 */
export class DirectoryReadFaces1796034300000 implements MigrationInterface {
  name = 'DirectoryReadFaces1796034300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE VIEW "directory_unit" AS
      SELECT u.id, u.key, u.name, u.hsa_id, u.organisation_id, o.name AS organisation_name, o.kind AS organisation_kind
        FROM unit u LEFT JOIN organisation o ON o.id = u.organisation_id`);
    await queryRunner.query(`CREATE VIEW "directory_organisation" AS SELECT id, key, name, kind FROM organisation`);
    await queryRunner.query(`CREATE VIEW "directory_person" AS SELECT id, key, given_name, family_name FROM app_user`);
    // The application's role may only read them (libs/database/src/roles.ts grants SELECT alone on views).
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP VIEW IF EXISTS "directory_person"');
    await queryRunner.query('DROP VIEW IF EXISTS "directory_organisation"');
    await queryRunner.query('DROP VIEW IF EXISTS "directory_unit"');
  }
}
