import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Offline sync (issue 26, docs/offline.md): the time of an act made without coverage beside the time
 * it arrived (message, checklist item change), a client key that makes a checklist change sent twice
 * count once, and the reads made on a phone without coverage, reported at the next sync.
 */
export class OfflineSync1796026200000 implements MigrationInterface {
  name = 'OfflineSync1796026200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "offline_read" ("user_id" uuid NOT NULL, "read_key" text NOT NULL, "thread_id" uuid NOT NULL, "observed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0fb5cc374b98e913cb5bbdc919c" PRIMARY KEY ("user_id", "read_key"))',
    );
    await queryRunner.query('ALTER TABLE "message" ADD "observed_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "checklist_item_change" ADD "idempotency_key" text');
    await queryRunner.query('ALTER TABLE "checklist_item_change" ADD "observed_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "checklist_item_change_idempotency" ON "checklist_item_change" ("changed_by_user_id", "item_id", "idempotency_key") WHERE "idempotency_key" IS NOT NULL',
    );
    await queryRunner.query(
      'ALTER TABLE "offline_read" ADD CONSTRAINT "FK_ff9f5015a50351d352eae088e4e" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "offline_read" ADD CONSTRAINT "FK_801c37d0db90d323d7d35e4fa44" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "offline_read" DROP CONSTRAINT "FK_801c37d0db90d323d7d35e4fa44"');
    await queryRunner.query('ALTER TABLE "offline_read" DROP CONSTRAINT "FK_ff9f5015a50351d352eae088e4e"');
    await queryRunner.query('DROP INDEX "checklist_item_change_idempotency"');
    await queryRunner.query('ALTER TABLE "checklist_item_change" DROP COLUMN "observed_at"');
    await queryRunner.query('ALTER TABLE "checklist_item_change" DROP COLUMN "idempotency_key"');
    await queryRunner.query('ALTER TABLE "message" DROP COLUMN "observed_at"');
    await queryRunner.query('DROP TABLE "offline_read"');
  }
}
