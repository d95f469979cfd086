import { MigrationInterface, QueryRunner } from 'typeorm';

export class HomePhase1796025000000 implements MigrationInterface {
  name = 'HomePhase1796025000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "home_reception" ("message_id" uuid NOT NULL, "thread_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "observed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_078294240c4f84d0fc4a9cda3b6" PRIMARY KEY ("message_id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_ee0d86095de316078b7ed91dfc" ON "home_reception"  ("thread_id") ');
    await queryRunner.query(
      'CREATE TABLE "home_deviation" ("message_id" uuid NOT NULL, "thread_id" uuid NOT NULL, "reported_by_unit_id" uuid NOT NULL, "category" text NOT NULL, "responsible_unit_id" uuid NOT NULL, "responsible_organisation_id" uuid NOT NULL, "state" text NOT NULL DEFAULT \'oppen\', "closed_by_message_id" uuid, "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "home_deviation_state_check" CHECK (state IN (\'oppen\', \'besvarad\', \'kvitterad\')), CONSTRAINT "home_deviation_category_check" CHECK (category IN (\'lakemedel_saknas\', \'hjalpmedel_saknas\', \'insats_uteblev\', \'annat\')), CONSTRAINT "PK_3f3404263485b898af0c0a48972" PRIMARY KEY ("message_id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_3a78e3b910d73906996f57d9bf" ON "home_deviation"  ("thread_id") ');
    await queryRunner.query(
      'CREATE TABLE "home_period" ("thread_id" uuid NOT NULL, "message_id" uuid NOT NULL, "start_date" date NOT NULL, "planned_end_date" date NOT NULL, "carrying_unit_id" uuid NOT NULL, "goals" jsonb NOT NULL DEFAULT \'[]\', "handover_message_id" uuid, "handed_over_on" date, "handed_over_to" text, CONSTRAINT "PK_429f646701ee007e2f88ff36b4e" PRIMARY KEY ("thread_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "home_measurement" ("message_id" uuid NOT NULL, "thread_id" uuid NOT NULL, "moment" text NOT NULL, "measured_at" TIMESTAMP WITH TIME ZONE NOT NULL, "safety" integer, "adl" text, "rated_by" text, CONSTRAINT "home_measurement_thread_moment" UNIQUE ("thread_id", "moment"), CONSTRAINT "home_measurement_adl_check" CHECK (adl IS NULL OR adl IN (\'A\', \'B\', \'C\', \'D\', \'E\', \'F\', \'G\')), CONSTRAINT "home_measurement_safety_check" CHECK (safety IS NULL OR safety BETWEEN 0 AND 10), CONSTRAINT "home_measurement_moment_check" CHECK (moment IN (\'start\', \'slut\')), CONSTRAINT "PK_be83716234e95f94307c0aeda04" PRIMARY KEY ("message_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "home_hours" ("message_id" uuid NOT NULL, "thread_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "kind" text NOT NULL, "week_from" date, "hours" numeric(6,2) NOT NULL, CONSTRAINT "home_hours_range_check" CHECK (hours >= 0 AND hours <= 168), CONSTRAINT "home_hours_kind_check" CHECK (kind IN (\'fore_inskrivning\', \'efter_perioden\', \'efter_90_dagar\', \'levererade\')), CONSTRAINT "PK_905f276aadc21c61209826831d5" PRIMARY KEY ("message_id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_c344e6b6311622ad16a479353e" ON "home_hours"  ("thread_id") ');
    await queryRunner.query(
      'CREATE TABLE "home_decision" ("message_id" uuid NOT NULL, "thread_id" uuid NOT NULL, "decided_on" date NOT NULL, "hours_per_week" numeric(6,2) NOT NULL, "insatser" jsonb NOT NULL DEFAULT \'[]\', CONSTRAINT "PK_ec79a79e0967a7a8e79e810ae73" PRIMARY KEY ("message_id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_c5559c0a843f431c113be6f8be" ON "home_decision"  ("thread_id") ');
    await queryRunner.query(
      'ALTER TABLE "home_reception" ADD CONSTRAINT "FK_078294240c4f84d0fc4a9cda3b6" FOREIGN KEY ("message_id") REFERENCES "message"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "home_reception" ADD CONSTRAINT "FK_ee0d86095de316078b7ed91dfcf" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "home_deviation" ADD CONSTRAINT "FK_3f3404263485b898af0c0a48972" FOREIGN KEY ("message_id") REFERENCES "message"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "home_deviation" ADD CONSTRAINT "FK_3a78e3b910d73906996f57d9bfe" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "home_period" ADD CONSTRAINT "FK_429f646701ee007e2f88ff36b4e" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "home_measurement" ADD CONSTRAINT "FK_be83716234e95f94307c0aeda04" FOREIGN KEY ("message_id") REFERENCES "message"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "home_measurement" ADD CONSTRAINT "FK_bdb5e99423e6b544b5dfa66e46e" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "home_hours" ADD CONSTRAINT "FK_905f276aadc21c61209826831d5" FOREIGN KEY ("message_id") REFERENCES "message"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "home_hours" ADD CONSTRAINT "FK_c344e6b6311622ad16a479353e1" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "home_decision" ADD CONSTRAINT "FK_ec79a79e0967a7a8e79e810ae73" FOREIGN KEY ("message_id") REFERENCES "message"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "home_decision" ADD CONSTRAINT "FK_c5559c0a843f431c113be6f8be8" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "home_decision" DROP CONSTRAINT "FK_c5559c0a843f431c113be6f8be8"');
    await queryRunner.query('ALTER TABLE "home_decision" DROP CONSTRAINT "FK_ec79a79e0967a7a8e79e810ae73"');
    await queryRunner.query('ALTER TABLE "home_hours" DROP CONSTRAINT "FK_c344e6b6311622ad16a479353e1"');
    await queryRunner.query('ALTER TABLE "home_hours" DROP CONSTRAINT "FK_905f276aadc21c61209826831d5"');
    await queryRunner.query('ALTER TABLE "home_measurement" DROP CONSTRAINT "FK_bdb5e99423e6b544b5dfa66e46e"');
    await queryRunner.query('ALTER TABLE "home_measurement" DROP CONSTRAINT "FK_be83716234e95f94307c0aeda04"');
    await queryRunner.query('ALTER TABLE "home_period" DROP CONSTRAINT "FK_429f646701ee007e2f88ff36b4e"');
    await queryRunner.query('ALTER TABLE "home_deviation" DROP CONSTRAINT "FK_3a78e3b910d73906996f57d9bfe"');
    await queryRunner.query('ALTER TABLE "home_deviation" DROP CONSTRAINT "FK_3f3404263485b898af0c0a48972"');
    await queryRunner.query('ALTER TABLE "home_reception" DROP CONSTRAINT "FK_ee0d86095de316078b7ed91dfcf"');
    await queryRunner.query('ALTER TABLE "home_reception" DROP CONSTRAINT "FK_078294240c4f84d0fc4a9cda3b6"');
    await queryRunner.query('DROP INDEX "public"."IDX_c5559c0a843f431c113be6f8be"');
    await queryRunner.query('DROP TABLE "home_decision"');
    await queryRunner.query('DROP INDEX "public"."IDX_c344e6b6311622ad16a479353e"');
    await queryRunner.query('DROP TABLE "home_hours"');
    await queryRunner.query('DROP TABLE "home_measurement"');
    await queryRunner.query('DROP TABLE "home_period"');
    await queryRunner.query('DROP INDEX "public"."IDX_3a78e3b910d73906996f57d9bf"');
    await queryRunner.query('DROP TABLE "home_deviation"');
    await queryRunner.query('DROP INDEX "public"."IDX_ee0d86095de316078b7ed91dfc"');
    await queryRunner.query('DROP TABLE "home_reception"');
  }
}
