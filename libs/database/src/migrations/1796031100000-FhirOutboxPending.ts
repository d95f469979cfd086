import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The FHIR outbox's unsettled rows by receiver in the order they were written (issue 31): the
 * sender takes the earliest unsettled row of each receiver (per-receiver order), and the outbox
 * gauges (issue 29) count them, without scanning the settled rows that pile up over the years.
 */
export class FhirOutboxPending1796031100000 implements MigrationInterface {
  name = 'FhirOutboxPending1796031100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "fhir_outbox_pending" ON "fhir_outbox" ("receiver_unit_id", "created_at", "id") WHERE status = 'vantar_pa_kvittens'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."fhir_outbox_pending"');
  }
}
