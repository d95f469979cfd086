import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 24 (libs/citizens): citizens of "Min hemgång" and the närstående consents. A consent is a
 * fact with history: never deleted, and the one change is setting withdrawn_at once
 * (narstaende_consent_guard), so every consent a patient ever gave stays readable.
 */
export class Citizens1796024200000 implements MigrationInterface {
  name = 'Citizens1796024200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "citizen" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "personnummer" text NOT NULL, "given_name" text NOT NULL DEFAULT '', "family_name" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_login_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_0e19d9fdbdd0d185ce72fe62a04" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "citizen_personnummer" ON "citizen"  ("personnummer") `);
    await queryRunner.query(
      `CREATE TABLE "narstaende_consent" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "given_by_citizen_id" uuid NOT NULL, "relative_citizen_id" uuid NOT NULL, "relative_name" text NOT NULL, "scope" text NOT NULL DEFAULT 'plan', "ends_on" date NOT NULL, "given_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "withdrawn_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "narstaende_consent_not_self" CHECK (relative_citizen_id <> given_by_citizen_id), CONSTRAINT "narstaende_consent_scope_check" CHECK (scope IN ('plan')), CONSTRAINT "PK_a8b88352490c61d39575d9f0d83" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_c931fa7e752471bb68c7fcab8d" ON "narstaende_consent"  ("patient_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_1aa4be9b749e2a8dadfa0d0fce" ON "narstaende_consent"  ("relative_citizen_id") `);
    await queryRunner.query(
      `ALTER TABLE "narstaende_consent" ADD CONSTRAINT "FK_c931fa7e752471bb68c7fcab8d8" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "narstaende_consent" ADD CONSTRAINT "FK_c38a58011ff84bd2c56d269183c" FOREIGN KEY ("given_by_citizen_id") REFERENCES "citizen"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "narstaende_consent" ADD CONSTRAINT "FK_1aa4be9b749e2a8dadfa0d0fce2" FOREIGN KEY ("relative_citizen_id") REFERENCES "citizen"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`
      CREATE FUNCTION brygga_narstaende_consent_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.withdrawn_at IS NULL AND NEW.withdrawn_at IS NOT NULL
           AND (to_jsonb(NEW) - 'withdrawn_at') = (to_jsonb(OLD) - 'withdrawn_at') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'narstaende_consent keeps its history: % refused (only a withdrawal, once)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(
      'CREATE TRIGGER narstaende_consent_guard BEFORE UPDATE OR DELETE ON narstaende_consent FOR EACH ROW EXECUTE FUNCTION brygga_narstaende_consent_guard()',
    );
    await queryRunner.query(
      'CREATE TRIGGER narstaende_consent_no_truncate BEFORE TRUNCATE ON narstaende_consent FOR EACH STATEMENT EXECUTE FUNCTION brygga_narstaende_consent_guard()',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER narstaende_consent_no_truncate ON narstaende_consent');
    await queryRunner.query('DROP TRIGGER narstaende_consent_guard ON narstaende_consent');
    await queryRunner.query('DROP FUNCTION brygga_narstaende_consent_guard()');
    await queryRunner.query(`ALTER TABLE "narstaende_consent" DROP CONSTRAINT "FK_1aa4be9b749e2a8dadfa0d0fce2"`);
    await queryRunner.query(`ALTER TABLE "narstaende_consent" DROP CONSTRAINT "FK_c38a58011ff84bd2c56d269183c"`);
    await queryRunner.query(`ALTER TABLE "narstaende_consent" DROP CONSTRAINT "FK_c931fa7e752471bb68c7fcab8d8"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1aa4be9b749e2a8dadfa0d0fce"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c931fa7e752471bb68c7fcab8d"`);
    await queryRunner.query(`DROP TABLE "narstaende_consent"`);
    await queryRunner.query(`DROP INDEX "public"."citizen_personnummer"`);
    await queryRunner.query(`DROP TABLE "citizen"`);
  }
}
