import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 24, "Min hemgång" (libs/plan): the published versions of a patient's plan page, append-only
 * (a new publication is a new version; the database refuses changes to one published).
 */
export class PlanVersions1796024100000 implements MigrationInterface {
  name = 'PlanVersions1796024100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "plan_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "thread_id" uuid NOT NULL, "patient_id" uuid NOT NULL, "version" integer NOT NULL, "content" jsonb NOT NULL, "published_by_user_id" uuid NOT NULL, "published_by_unit_id" uuid NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "plan_version_once" UNIQUE ("thread_id", "version"), CONSTRAINT "PK_253721b12e51a0be8fffb64ded9" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_ed7a3524b28dec1a770ee105f2" ON "plan_version"  ("patient_id") ');
    await queryRunner.query(
      'ALTER TABLE "plan_version" ADD CONSTRAINT "FK_9fcf365bc62ff7cd3ddcbd9839d" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "plan_version" ADD CONSTRAINT "FK_ed7a3524b28dec1a770ee105f27" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "plan_version" ADD CONSTRAINT "FK_ca5d48133d8d6ae733ccff2350d" FOREIGN KEY ("published_by_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "plan_version" ADD CONSTRAINT "FK_5e103b7354b6503c41ae8fde314" FOREIGN KEY ("published_by_unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'CREATE TRIGGER plan_version_append_only BEFORE UPDATE OR DELETE ON plan_version FOR EACH ROW EXECUTE FUNCTION brygga_refuse_change()',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER plan_version_append_only ON plan_version');
    await queryRunner.query('ALTER TABLE "plan_version" DROP CONSTRAINT "FK_5e103b7354b6503c41ae8fde314"');
    await queryRunner.query('ALTER TABLE "plan_version" DROP CONSTRAINT "FK_ca5d48133d8d6ae733ccff2350d"');
    await queryRunner.query('ALTER TABLE "plan_version" DROP CONSTRAINT "FK_ed7a3524b28dec1a770ee105f27"');
    await queryRunner.query('ALTER TABLE "plan_version" DROP CONSTRAINT "FK_9fcf365bc62ff7cd3ddcbd9839d"');
    await queryRunner.query('DROP INDEX "public"."IDX_ed7a3524b28dec1a770ee105f2"');
    await queryRunner.query('DROP TABLE "plan_version"');
  }
}
