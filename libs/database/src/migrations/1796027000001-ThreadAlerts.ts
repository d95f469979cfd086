import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bevakning's alerts (libs/bevakning): one per thread and kind, marked seen or handled, instead of
 * timeline entries. The warnings written so far raise their alerts (the latest of each kind, new).
 */
export class ThreadAlerts1796027000001 implements MigrationInterface {
  name = 'ThreadAlerts1796027000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "thread_alert" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "thread_id" uuid NOT NULL, "kind" text NOT NULL, "level" text NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "text" text NOT NULL, "unit_ids" uuid array NOT NULL, "warning_id" uuid NOT NULL, "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL, "state" text NOT NULL DEFAULT \'ny\', "seen_by_user_id" uuid, "seen_at" TIMESTAMP WITH TIME ZONE, "handled_by_user_id" uuid, "handled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "thread_alert_once" UNIQUE ("thread_id", "kind"), CONSTRAINT "thread_alert_state_check" CHECK (state IN (\'ny\', \'sedd\', \'hanterad\')), CONSTRAINT "PK_018173eb28f126fe493edb7ec0c" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'ALTER TABLE "thread_alert" ADD CONSTRAINT "FK_10b2858f1b4cfd29c854327cbed" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "thread_alert" ADD CONSTRAINT "FK_a8442f1b7866aeb2e437a14b789" FOREIGN KEY ("seen_by_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "thread_alert" ADD CONSTRAINT "FK_e094f2fe14a40d5ae5ea324eece" FOREIGN KEY ("handled_by_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'INSERT INTO thread_alert (thread_id, kind, level, due_at, text, unit_ids, warning_id, raised_at) SELECT DISTINCT ON (thread_id, kind) thread_id, kind, level, due_at, text, unit_ids, id, created_at FROM deadline_warning ORDER BY thread_id, kind, created_at DESC',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "thread_alert" DROP CONSTRAINT "FK_e094f2fe14a40d5ae5ea324eece"');
    await queryRunner.query('ALTER TABLE "thread_alert" DROP CONSTRAINT "FK_a8442f1b7866aeb2e437a14b789"');
    await queryRunner.query('ALTER TABLE "thread_alert" DROP CONSTRAINT "FK_10b2858f1b4cfd29c854327cbed"');
    await queryRunner.query('DROP TABLE "thread_alert"');
  }
}
