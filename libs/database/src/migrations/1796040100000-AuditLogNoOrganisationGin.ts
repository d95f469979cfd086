import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The GIN index on audit_log.organisation_ids goes (issue 32: 230 of a post's 2,700 WAL bytes, its
 * fast-update pending list's meta page and list pages written on every access-log row). No reader
 * can use it: the one condition on the column, the review's scope (libs/log-review,
 * AuditReviewService.search), is `organisation_ids && $1 OR thread_id IN (…) OR (… AND EXISTS …)`,
 * and PostgreSQL combines indexes for an OR only when every branch can use one — the subqueries
 * cannot, so the scope is a filter on the rows the other conditions (patient, person, thread,
 * period, seq) find. The column and what every row says stay as they are.
 */
export class AuditLogNoOrganisationGin1796040100000 implements MigrationInterface {
  name = 'AuditLogNoOrganisationGin1796040100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX IF EXISTS "audit_log_organisation_ids"');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX IF NOT EXISTS "audit_log_organisation_ids" ON "audit_log" USING gin ("organisation_ids")');
  }
}
