import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One upplevd trygghet and one ADL per moment, not one row per moment: staff often record Katz ADL
 * at the period's start while the patient rates their own trygghet in Min hemgång, and the single
 * (thread, moment) key refused the patient's rating once staff had measured ADL.
 */
export class MeasurementValuesOnce1796033100000 implements MigrationInterface {
  name = 'MeasurementValuesOnce1796033100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "home_measurement" DROP CONSTRAINT "home_measurement_thread_moment"');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "home_measurement_safety_once" ON "home_measurement" ("thread_id", "moment") WHERE safety IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "home_measurement_adl_once" ON "home_measurement" ("thread_id", "moment") WHERE adl IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "home_measurement_adl_once"');
    await queryRunner.query('DROP INDEX "home_measurement_safety_once"');
    await queryRunner.query(
      'ALTER TABLE "home_measurement" ADD CONSTRAINT "home_measurement_thread_moment" UNIQUE ("thread_id", "moment")',
    );
  }
}
