import { MigrationInterface, QueryRunner } from 'typeorm';

export class Fhir1795471000000 implements MigrationInterface {
  name = 'Fhir1795471000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "system_client" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "client_id" text NOT NULL, "name" text NOT NULL, "unit_id" uuid NOT NULL, "user_id" uuid NOT NULL, "endpoint_url" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_a8ff9683e91433e1c4ecd851f8e" UNIQUE ("client_id"), CONSTRAINT "UQ_3fcb1acad0f2e8404222d620a56" UNIQUE ("user_id"), CONSTRAINT "PK_d418eeb7a89e09501c97856842d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_6e622a91ffc9f2d6a234863dd7" ON "system_client"  ("unit_id") ');
    await queryRunner.query(
      'CREATE TABLE "unit_identifier" ("system" text NOT NULL, "value" text NOT NULL, "unit_id" uuid NOT NULL, CONSTRAINT "PK_4ae9a9b1ccbf7379cfb5127e502" PRIMARY KEY ("system", "value"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_36f6c2d226a40f1d516617ad6b" ON "unit_identifier"  ("unit_id") ');
    await queryRunner.query(
      'CREATE TABLE "fhir_episode" ("system" text NOT NULL, "value" text NOT NULL, "thread_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a87b1e3400be3e5545c15375fd6" PRIMARY KEY ("system", "value"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_b8547f0a0baacddc4cdfd081e1" ON "fhir_episode"  ("thread_id") ');
    await queryRunner.query(
      'CREATE TABLE "fhir_received" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sender_unit_id" uuid NOT NULL, "message_header_id" text NOT NULL, "bundle_ids" text array NOT NULL, "event_code" text NOT NULL, "activity_code" text, "outcome" text NOT NULL, "acknowledgement" jsonb, "thread_id" uuid, "message_id" uuid, "bundle" jsonb, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "fhir_received_once" UNIQUE ("sender_unit_id", "message_header_id"), CONSTRAINT "fhir_received_outcome_check" CHECK (outcome IN (\'ok\', \'fatal-error\')), CONSTRAINT "PK_48872a05a5408537c2314b308ec" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "fhir_outbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "message_id" uuid NOT NULL, "thread_id" uuid NOT NULL, "receiver_unit_id" uuid NOT NULL, "message_header_id" uuid NOT NULL, "bundle" jsonb NOT NULL, "status" text NOT NULL DEFAULT \'vantar_pa_kvittens\', "attempts" integer NOT NULL DEFAULT \'0\', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "fhir_outbox_once" UNIQUE ("message_id", "receiver_unit_id"), CONSTRAINT "fhir_outbox_status_check" CHECK (status IN (\'vantar_pa_kvittens\', \'kvitterat\', \'fel\')), CONSTRAINT "PK_7cad9c04b040af3a09df1e43b94" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_cbc10a5218bd2865e7ec66830e" ON "fhir_outbox"  ("message_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_d5d9b4c89244b32be019e32717" ON "fhir_outbox"  ("message_header_id") ');
    await queryRunner.query('CREATE INDEX "IDX_522ed43fa607cbe1b0540ef5a3" ON "fhir_outbox"  ("next_attempt_at") ');
    await queryRunner.query(
      'ALTER TABLE "system_client" ADD CONSTRAINT "FK_6e622a91ffc9f2d6a234863dd7a" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "system_client" ADD CONSTRAINT "FK_3fcb1acad0f2e8404222d620a56" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "system_client" DROP CONSTRAINT "FK_3fcb1acad0f2e8404222d620a56"');
    await queryRunner.query('ALTER TABLE "system_client" DROP CONSTRAINT "FK_6e622a91ffc9f2d6a234863dd7a"');
    await queryRunner.query('DROP INDEX "public"."IDX_522ed43fa607cbe1b0540ef5a3"');
    await queryRunner.query('DROP INDEX "public"."IDX_d5d9b4c89244b32be019e32717"');
    await queryRunner.query('DROP INDEX "public"."IDX_cbc10a5218bd2865e7ec66830e"');
    await queryRunner.query('DROP TABLE "fhir_outbox"');
    await queryRunner.query('DROP TABLE "fhir_received"');
    await queryRunner.query('DROP INDEX "public"."IDX_b8547f0a0baacddc4cdfd081e1"');
    await queryRunner.query('DROP TABLE "fhir_episode"');
    await queryRunner.query('DROP INDEX "public"."IDX_36f6c2d226a40f1d516617ad6b"');
    await queryRunner.query('DROP TABLE "unit_identifier"');
    await queryRunner.query('DROP INDEX "public"."IDX_6e622a91ffc9f2d6a234863dd7"');
    await queryRunner.query('DROP TABLE "system_client"');
  }
}
