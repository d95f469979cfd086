import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A received FHIR message may be parked (issue 31): a cancellation that overtook the admission it
 * cancels is kept, acknowledged, and applied when that admission arrives, instead of being lost.
 */
export class FhirParkedCancellation1796031300000 implements MigrationInterface {
  name = 'FhirParkedCancellation1796031300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "fhir_received" DROP CONSTRAINT "fhir_received_outcome_check"');
    await queryRunner.query(
      `ALTER TABLE "fhir_received" ADD CONSTRAINT "fhir_received_outcome_check" CHECK (outcome IN ('ok', 'fatal-error', 'parkerad'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "fhir_received" SET outcome = 'fatal-error' WHERE outcome = 'parkerad'`);
    await queryRunner.query('ALTER TABLE "fhir_received" DROP CONSTRAINT "fhir_received_outcome_check"');
    await queryRunner.query(
      `ALTER TABLE "fhir_received" ADD CONSTRAINT "fhir_received_outcome_check" CHECK (outcome IN ('ok', 'fatal-error'))`,
    );
  }
}
