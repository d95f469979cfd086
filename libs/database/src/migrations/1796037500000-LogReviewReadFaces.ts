import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two read faces for the log's readers (libs/log-review, above threads and directory), which name
 * no table of theirs (test/table-ownership.spec.ts): `threads_thread`, one row per thread with its
 * patient, owner, status and the time it began (libs/threads owns thread), and
 * `directory_membership`, which units each user has a role at (libs/directory owns membership).
 * Read-only for the application's role (libs/database/src/roles.ts grants only SELECT on views).
 */
export class LogReviewReadFaces1796037500000 implements MigrationInterface {
  name = 'LogReviewReadFaces1796037500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE VIEW "threads_thread" AS SELECT id, patient_id, owner_unit_id, status, created_at FROM thread`);
    await queryRunner.query(`CREATE VIEW "directory_membership" AS SELECT user_id, unit_id, role FROM membership`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP VIEW IF EXISTS "directory_membership"');
    await queryRunner.query('DROP VIEW IF EXISTS "threads_thread"');
  }
}
