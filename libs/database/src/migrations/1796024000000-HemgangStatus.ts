import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The thread's derived going-home state with its reason (issue 24: ej_klar, klar,
 * kontrollera_tiderna, utskriven), kept beside hemgangsklar_at so the inbox shows the same state
 * as the thread header without re-deriving every thread. Null until the thread is next derived;
 * until then the api reads the state from hemgangsklar_at and discharged_at.
 */
export class HemgangStatus1796024000000 implements MigrationInterface {
  name = 'HemgangStatus1796024000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "thread" ADD "hemgangsklar_status" jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "thread" DROP COLUMN "hemgangsklar_status"');
  }
}
