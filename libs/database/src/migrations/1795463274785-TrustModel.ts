import { MigrationInterface, QueryRunner } from 'typeorm';

export class TrustModel1795463274785 implements MigrationInterface {
  name = 'TrustModel1795463274785';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "checklist_template" DROP CONSTRAINT "checklist_template_key_version"');
    await queryRunner.query('ALTER TABLE "audit_log" ADD "organisation_ids" uuid array');
    await queryRunner.query('ALTER TABLE "thread" ADD "patient_given_name" text');
    await queryRunner.query('ALTER TABLE "thread" ADD "patient_family_name" text');
    await queryRunner.query('ALTER TABLE "thread" ADD "patient_protected_declared" boolean NOT NULL DEFAULT false');
    await queryRunner.query('ALTER TABLE "thread" ADD "patient_protected" boolean NOT NULL DEFAULT false');
    await queryRunner.query('ALTER TABLE "thread" ADD "patient_name_mismatch" boolean NOT NULL DEFAULT false');
    // Threads opened before this: the patient record was what they showed.
    await queryRunner.query(
      'UPDATE thread t SET patient_given_name = p.given_name, patient_family_name = p.family_name, patient_protected = p.protected_identity, patient_protected_declared = p.protected_identity FROM patient p WHERE p.id = t.patient_id',
    );
    await queryRunner.query('ALTER TABLE "thread" ALTER COLUMN "patient_given_name" SET NOT NULL');
    await queryRunner.query('ALTER TABLE "thread" ALTER COLUMN "patient_family_name" SET NOT NULL');
    // Log review by organisation: "what did our users do".
    await queryRunner.query('CREATE INDEX "audit_log_organisation_ids" ON "audit_log" USING gin ("organisation_ids")');
    await queryRunner.query('ALTER TABLE "checklist_template" ADD "organisation_id" uuid');
    await queryRunner.query('CREATE INDEX "IDX_428b1326d1779efe1dc960ec48" ON "checklist_template"  ("organisation_id") ');
    // One version sequence per organisation and key; the standard templates (no organisation) are one scope.
    await queryRunner.query(
      'CREATE UNIQUE INDEX "checklist_template_scope_key_version" ON "checklist_template" ("organisation_id", "key", "version") NULLS NOT DISTINCT',
    );
    await queryRunner.query(
      'ALTER TABLE "checklist_template" ADD CONSTRAINT "FK_428b1326d1779efe1dc960ec489" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."checklist_template_scope_key_version"');
    await queryRunner.query('DROP INDEX "public"."audit_log_organisation_ids"');
    await queryRunner.query('ALTER TABLE "checklist_template" DROP CONSTRAINT "FK_428b1326d1779efe1dc960ec489"');
    await queryRunner.query('DROP INDEX "public"."IDX_428b1326d1779efe1dc960ec48"');
    await queryRunner.query('ALTER TABLE "checklist_template" DROP COLUMN "organisation_id"');
    await queryRunner.query('ALTER TABLE "thread" DROP COLUMN "patient_name_mismatch"');
    await queryRunner.query('ALTER TABLE "thread" DROP COLUMN "patient_protected"');
    await queryRunner.query('ALTER TABLE "thread" DROP COLUMN "patient_protected_declared"');
    await queryRunner.query('ALTER TABLE "thread" DROP COLUMN "patient_family_name"');
    await queryRunner.query('ALTER TABLE "thread" DROP COLUMN "patient_given_name"');
    await queryRunner.query('ALTER TABLE "audit_log" DROP COLUMN "organisation_ids"');
    await queryRunner.query('ALTER TABLE "checklist_template" ADD CONSTRAINT "checklist_template_key_version" UNIQUE ("key", "version")');
  }
}
