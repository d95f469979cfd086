import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The patients' read face for the access log (libs/patients owns patient and the append-only
 * patient_identity_correction): every identity each patient has had, the one now and the old one
 * of each recorded correction, as the log's verification re-derives a row's keyed patientRef from
 * the identity it was sealed with (test/table-ownership.spec.ts). Read-only for the application's
 * role (libs/database/src/roles.ts grants only SELECT on views).
 */
export class PatientIdentityHistoryReadFace1796036200000 implements MigrationInterface {
  name = 'PatientIdentityHistoryReadFace1796036200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE VIEW "patients_identity_history" AS
      SELECT id AS patient_id, identity_type, identity_number, reserve_issuer FROM patient
      UNION ALL
      SELECT patient_id, old_identity_type, old_identity_number, old_reserve_issuer FROM patient_identity_correction`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP VIEW IF EXISTS "patients_identity_history"');
  }
}
