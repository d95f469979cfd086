import { MigrationInterface, QueryRunner } from 'typeorm';

export class DeadlineWarnings1795465861555 implements MigrationInterface {
  name = 'DeadlineWarnings1795465861555';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "deadline_warning" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "thread_id" uuid NOT NULL, "warning_key" text NOT NULL, "kind" text NOT NULL, "level" text NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "unit_ids" uuid array NOT NULL, "text" text NOT NULL, "message_seq" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "deadline_warning_once" UNIQUE ("thread_id", "warning_key"), CONSTRAINT "PK_bbed973ec7fa62a42d77bd63acf" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_7eaeffccfe82476e0fa800bfbe" ON "deadline_warning"  ("created_at") ');
    await queryRunner.query(
      'ALTER TABLE "deadline_warning" ADD CONSTRAINT "FK_ad09a833d580f006ecabb8314ba" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    // Brygga's own user: the author of the timeline entries the system writes (Bevakning). It has no
    // membership, so it can act nowhere; its HSA-id is one no identity provider issues.
    await queryRunner.query(
      "INSERT INTO app_user (key, given_name, family_name, hsa_id) VALUES ('brygga.system', 'Brygga', '(systemet)', 'SE0000000000-BRYGGA-SYSTEM') ON CONFLICT DO NOTHING",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DELETE FROM app_user WHERE key = 'brygga.system'");
    await queryRunner.query('ALTER TABLE "deadline_warning" DROP CONSTRAINT "FK_ad09a833d580f006ecabb8314ba"');
    await queryRunner.query('DROP INDEX "public"."IDX_7eaeffccfe82476e0fa800bfbe"');
    await queryRunner.query('DROP TABLE "deadline_warning"');
  }
}
