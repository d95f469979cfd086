import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The threads' read face for scopes (libs/threads owns thread and thread_participant): which
 * threads each unit takes part in, with the thread's patient, owner and status, for a query of
 * another library that must limit itself to a unit's threads in the same statement (an inbox of
 * alerts, a citizen's threads) without naming the threads' tables (test/table-ownership.spec.ts).
 * LEFT JOIN on the thread's key: a query that reads no thread column does not join it. Read-only
 * for the application's role (libs/database/src/roles.ts grants only SELECT on views).
 */
export class ThreadScopeReadFace1796036100000 implements MigrationInterface {
  name = 'ThreadScopeReadFace1796036100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE VIEW "threads_scope" AS
      SELECT tp.thread_id, tp.unit_id, tp.added_at, t.patient_id, t.owner_unit_id, t.status
        FROM thread_participant tp LEFT JOIN thread t ON t.id = tp.thread_id`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP VIEW IF EXISTS "threads_scope"');
  }
}
