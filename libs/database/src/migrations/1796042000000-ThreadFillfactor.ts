import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every post updates its thread's row (last_seq, updated_at). With full pages, 6 % of those updates
 * found no room on the row's page and were not HOT: a new row version elsewhere plus an entry in
 * each of the thread's indexes (issue 32's bench). Leaving a fifth of each page free keeps them on
 * the page. Applies to pages written from now on (a VACUUM FULL or a restore packs old ones so).
 */
export class ThreadFillfactor1796042000000 implements MigrationInterface {
  name = 'ThreadFillfactor1796042000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "thread" SET (fillfactor = 80)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "thread" RESET (fillfactor)');
  }
}
