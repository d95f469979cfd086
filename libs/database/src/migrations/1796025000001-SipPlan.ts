import { MigrationInterface, QueryRunner } from 'typeorm';

export class SipPlan1796025000001 implements MigrationInterface {
  name = 'SipPlan1796025000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "sip_plan_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "thread_id" uuid NOT NULL, "version" integer NOT NULL, "content" jsonb NOT NULL, "created_by_user_id" uuid NOT NULL, "created_by_unit_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "sip_plan_version_thread_version" UNIQUE ("thread_id", "version"), CONSTRAINT "PK_951c27e03938ee77af4db088210" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_b6bf96d31788014e1018fe0fd3" ON "sip_plan_version"  ("thread_id") ');
    await queryRunner.query(
      'CREATE TABLE "sip_plan_acceptance" ("version_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "user_id" uuid NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_45e6290420fa5f7a578b480e4e3" PRIMARY KEY ("version_id", "unit_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "sip_plan_entry" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "thread_id" uuid NOT NULL, "version_id" uuid NOT NULL, "kind" text NOT NULL, "held_on" date NOT NULL, "text" text NOT NULL, "goal_results" jsonb NOT NULL DEFAULT \'[]\', "created_by_user_id" uuid NOT NULL, "created_by_unit_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "sip_plan_entry_kind_check" CHECK (kind IN (\'uppfoljning\', \'utvardering\')), CONSTRAINT "PK_81d35fbd4566004389482fcc07e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_6dd5bd4891ddd17490e0665f08" ON "sip_plan_entry"  ("thread_id") ');
    await queryRunner.query(
      'ALTER TABLE "sip_plan_version" ADD CONSTRAINT "FK_b6bf96d31788014e1018fe0fd36" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "sip_plan_acceptance" ADD CONSTRAINT "FK_4c809879fba9a25933d5f7d8003" FOREIGN KEY ("version_id") REFERENCES "sip_plan_version"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "sip_plan_entry" ADD CONSTRAINT "FK_6dd5bd4891ddd17490e0665f085" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "sip_plan_entry" ADD CONSTRAINT "FK_8aae0df7312b47d596c6884be85" FOREIGN KEY ("version_id") REFERENCES "sip_plan_version"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "sip_plan_entry" DROP CONSTRAINT "FK_8aae0df7312b47d596c6884be85"');
    await queryRunner.query('ALTER TABLE "sip_plan_entry" DROP CONSTRAINT "FK_6dd5bd4891ddd17490e0665f085"');
    await queryRunner.query('ALTER TABLE "sip_plan_acceptance" DROP CONSTRAINT "FK_4c809879fba9a25933d5f7d8003"');
    await queryRunner.query('ALTER TABLE "sip_plan_version" DROP CONSTRAINT "FK_b6bf96d31788014e1018fe0fd36"');
    await queryRunner.query('DROP INDEX "public"."IDX_6dd5bd4891ddd17490e0665f08"');
    await queryRunner.query('DROP TABLE "sip_plan_entry"');
    await queryRunner.query('DROP TABLE "sip_plan_acceptance"');
    await queryRunner.query('DROP INDEX "public"."IDX_b6bf96d31788014e1018fe0fd3"');
    await queryRunner.query('DROP TABLE "sip_plan_version"');
  }
}
