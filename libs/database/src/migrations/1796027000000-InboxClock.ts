import { MigrationInterface, QueryRunner } from 'typeorm';

/** The inbox's clock per thread (libs/threads, thread-inbox-clocks.ts): filled on the first list after the upgrade. */
export class InboxClock1796027000000 implements MigrationInterface {
  name = 'InboxClock1796027000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "thread_inbox_clock" ("thread_id" uuid NOT NULL, "source" text NOT NULL, "clock_state" text NOT NULL, "next_due_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_400704ac786bdcfb2e5aad500be" PRIMARY KEY ("thread_id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_c1d31d322b1a8eb0770f2fd3a8" ON "thread_inbox_clock"  ("next_due_at") ');
    await queryRunner.query(
      'ALTER TABLE "thread_inbox_clock" ADD CONSTRAINT "FK_400704ac786bdcfb2e5aad500be" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "thread_inbox_clock" DROP CONSTRAINT "FK_400704ac786bdcfb2e5aad500be"');
    await queryRunner.query('DROP INDEX "public"."IDX_c1d31d322b1a8eb0770f2fd3a8"');
    await queryRunner.query('DROP TABLE "thread_inbox_clock"');
  }
}
