import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Access-log rows that cover many accesses (details.covers: the pushes of one flush, the threads of
 * one inbox list) are found by the ids they name (details.covered: patients, threads, readers) and
 * walked in order by their own small index, so a search never expands every such row.
 */
export class AuditCovers1796034500000 implements MigrationInterface {
  name = 'AuditCovers1796034500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS "audit_log_covered" ON "audit_log" USING gin ((details->'covered') jsonb_path_ops) WHERE details ? 'covers'`,
    );
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS "audit_log_covers_seq" ON "audit_log" (seq) WHERE details ? 'covers'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX IF EXISTS "audit_log_covers_seq"');
    await queryRunner.query('DROP INDEX IF EXISTS "audit_log_covered"');
  }
}
