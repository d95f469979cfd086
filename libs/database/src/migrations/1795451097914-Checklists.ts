import { MigrationInterface, QueryRunner } from 'typeorm';

export class Checklists1795451097914 implements MigrationInterface {
  name = 'Checklists1795451097914';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "checklist_template" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "version" integer NOT NULL, "name" text NOT NULL, "description" text, "items" jsonb NOT NULL, "created_by_user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "checklist_template_key_version" UNIQUE ("key", "version"), CONSTRAINT "PK_894b21b07d6fa016cfbf2dba947" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "checklist" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "thread_id" uuid NOT NULL, "template_id" uuid NOT NULL, "template_key" text NOT NULL, "template_version" integer NOT NULL, "name" text NOT NULL, "applied_by_user_id" uuid NOT NULL, "applied_by_unit_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "checklist_thread_template_key" UNIQUE ("thread_id", "template_key"), CONSTRAINT "PK_e4b437f5107f2a9d5b744d4eb4c" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_894b21b07d6fa016cfbf2dba94" ON "checklist"  ("template_id") ');
    await queryRunner.query(
      'CREATE TABLE "checklist_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "checklist_id" uuid NOT NULL, "thread_id" uuid NOT NULL, "key" text NOT NULL, "position" integer NOT NULL, "definition" jsonb NOT NULL, "state" text NOT NULL DEFAULT \'ej_paborjad\', "value" jsonb, "version" integer NOT NULL DEFAULT \'1\', "updated_at" TIMESTAMP WITH TIME ZONE, "updated_by_user_id" uuid, "updated_by_unit_id" uuid, CONSTRAINT "checklist_item_key" UNIQUE ("checklist_id", "key"), CONSTRAINT "checklist_item_state_check" CHECK (state IN (\'ej_paborjad\', \'pagar\', \'klar\', \'ej_aktuell\')), CONSTRAINT "PK_0c52d9590c766a9ae718e16cebf" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_c86c671535f029089b1d554b21" ON "checklist_item"  ("thread_id") ');
    await queryRunner.query(
      'CREATE TABLE "checklist_item_change" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "item_id" uuid NOT NULL, "thread_id" uuid NOT NULL, "version" integer NOT NULL, "changed_by_user_id" uuid NOT NULL, "changed_by_unit_id" uuid NOT NULL, "state_before" text NOT NULL, "state_after" text NOT NULL, "value_before" jsonb, "value_after" jsonb, "message_id" uuid NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "checklist_item_change_version" UNIQUE ("item_id", "version"), CONSTRAINT "PK_b97954968810a35bc6d81fc1b59" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_3095d80e56f0c958cfb40889c1" ON "checklist_item_change"  ("thread_id") ');
    await queryRunner.query('ALTER TABLE "thread" ADD "hemgangsklar_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query(
      'ALTER TABLE "checklist_template" ADD CONSTRAINT "FK_5affa67024c53924e968ff07cc7" FOREIGN KEY ("created_by_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "checklist" ADD CONSTRAINT "FK_589988637920db15f42c108eb8e" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "checklist" ADD CONSTRAINT "FK_894b21b07d6fa016cfbf2dba947" FOREIGN KEY ("template_id") REFERENCES "checklist_template"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "checklist" ADD CONSTRAINT "FK_15216e8e3d77101135e619827bc" FOREIGN KEY ("applied_by_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "checklist" ADD CONSTRAINT "FK_407525128d2775226adee0ca40e" FOREIGN KEY ("applied_by_unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "checklist_item" ADD CONSTRAINT "FK_71320403ee3eaf922ea7e114fa6" FOREIGN KEY ("checklist_id") REFERENCES "checklist"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "checklist_item" ADD CONSTRAINT "FK_c86c671535f029089b1d554b21d" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "checklist_item" ADD CONSTRAINT "FK_ae7e7f910ba4dd48d1a35e00909" FOREIGN KEY ("updated_by_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "checklist_item" ADD CONSTRAINT "FK_532ca42a9e2de36119ab8a57333" FOREIGN KEY ("updated_by_unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "checklist_item_change" ADD CONSTRAINT "FK_b94b80e2ae2d9946298ab353e76" FOREIGN KEY ("item_id") REFERENCES "checklist_item"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "checklist_item_change" ADD CONSTRAINT "FK_3095d80e56f0c958cfb40889c10" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "checklist_item_change" ADD CONSTRAINT "FK_209af292efb2cf086141a22a261" FOREIGN KEY ("changed_by_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "checklist_item_change" ADD CONSTRAINT "FK_00443027209fba4bfd0a02426a6" FOREIGN KEY ("changed_by_unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "checklist_item_change" ADD CONSTRAINT "FK_939880a38ec42d63a3a7740e000" FOREIGN KEY ("message_id") REFERENCES "message"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "checklist_item_change" DROP CONSTRAINT "FK_939880a38ec42d63a3a7740e000"');
    await queryRunner.query('ALTER TABLE "checklist_item_change" DROP CONSTRAINT "FK_00443027209fba4bfd0a02426a6"');
    await queryRunner.query('ALTER TABLE "checklist_item_change" DROP CONSTRAINT "FK_209af292efb2cf086141a22a261"');
    await queryRunner.query('ALTER TABLE "checklist_item_change" DROP CONSTRAINT "FK_3095d80e56f0c958cfb40889c10"');
    await queryRunner.query('ALTER TABLE "checklist_item_change" DROP CONSTRAINT "FK_b94b80e2ae2d9946298ab353e76"');
    await queryRunner.query('ALTER TABLE "checklist_item" DROP CONSTRAINT "FK_532ca42a9e2de36119ab8a57333"');
    await queryRunner.query('ALTER TABLE "checklist_item" DROP CONSTRAINT "FK_ae7e7f910ba4dd48d1a35e00909"');
    await queryRunner.query('ALTER TABLE "checklist_item" DROP CONSTRAINT "FK_c86c671535f029089b1d554b21d"');
    await queryRunner.query('ALTER TABLE "checklist_item" DROP CONSTRAINT "FK_71320403ee3eaf922ea7e114fa6"');
    await queryRunner.query('ALTER TABLE "checklist" DROP CONSTRAINT "FK_407525128d2775226adee0ca40e"');
    await queryRunner.query('ALTER TABLE "checklist" DROP CONSTRAINT "FK_15216e8e3d77101135e619827bc"');
    await queryRunner.query('ALTER TABLE "checklist" DROP CONSTRAINT "FK_894b21b07d6fa016cfbf2dba947"');
    await queryRunner.query('ALTER TABLE "checklist" DROP CONSTRAINT "FK_589988637920db15f42c108eb8e"');
    await queryRunner.query('ALTER TABLE "checklist_template" DROP CONSTRAINT "FK_5affa67024c53924e968ff07cc7"');
    await queryRunner.query('ALTER TABLE "thread" DROP COLUMN "hemgangsklar_at"');
    await queryRunner.query('DROP INDEX "public"."IDX_3095d80e56f0c958cfb40889c1"');
    await queryRunner.query('DROP TABLE "checklist_item_change"');
    await queryRunner.query('DROP INDEX "public"."IDX_c86c671535f029089b1d554b21"');
    await queryRunner.query('DROP TABLE "checklist_item"');
    await queryRunner.query('DROP INDEX "public"."IDX_894b21b07d6fa016cfbf2dba94"');
    await queryRunner.query('DROP TABLE "checklist"');
    await queryRunner.query('DROP TABLE "checklist_template"');
  }
}
