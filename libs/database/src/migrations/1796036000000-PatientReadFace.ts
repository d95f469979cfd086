import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The patients' read face (libs/patients owns patient): what other libraries may join in the same
 * statement to show or match a patient, without naming the table (test/table-ownership.spec.ts).
 * The identity as registered now (the key others match on, and from which the access log's keyed
 * patientRef is derived), the registered name and the protection flag; not the record's history
 * (identity corrections stay the patients library's own). Read-only for the application's role
 * (libs/database/src/roles.ts grants only SELECT on views).
 */
export class PatientReadFace1796036000000 implements MigrationInterface {
  name = 'PatientReadFace1796036000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE VIEW "patients_identity" AS
      SELECT id, identity_type, identity_number, reserve_issuer, given_name, family_name, protected_identity FROM patient`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP VIEW IF EXISTS "patients_identity"');
  }
}
