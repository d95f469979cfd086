import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795449416766 implements MigrationInterface {
  name = 'Initial1795449416766';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audit_log" ("seq" bigint NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "user_id" uuid, "user_name" text, "unit_id" uuid, "role" text, "patient_id" uuid, "thread_id" uuid, "action" text NOT NULL, "outcome" text NOT NULL, "client_address" text, "details" jsonb, "content_hash" bytea NOT NULL, "prev_hash" bytea NOT NULL, "hash" bytea NOT NULL, CONSTRAINT "audit_log_outcome_check" CHECK (outcome IN (\'allowed\', \'denied\')), CONSTRAINT "PK_ce5b9b7d945cab0a6c604bafd9e" PRIMARY KEY ("seq"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_cb11bd5b662431ea0ac455a27d" ON "audit_log"  ("user_id") ');
    await queryRunner.query('CREATE INDEX "IDX_3920c89d39f4ef97028f94f2a2" ON "audit_log"  ("patient_id") ');
    await queryRunner.query('CREATE INDEX "IDX_cbb1f322a31e2bfcc617f667ce" ON "audit_log"  ("thread_id") ');
    await queryRunner.query(
      'CREATE TABLE "organisation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "name" text NOT NULL, "kind" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_3ee0975189df5d18d8da3a5634f" UNIQUE ("key"), CONSTRAINT "organisation_kind_check" CHECK (kind IN (\'slutenvard\', \'sof\', \'hemsjukvard\', \'hemtjanst\', \'primarvard\')), CONSTRAINT "PK_c725ae234ef1b74cce43d2d00c1" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "unit" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "organisation_id" uuid NOT NULL, "name" text NOT NULL, "hsa_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_d03532751829bf5109997c637b4" UNIQUE ("key"), CONSTRAINT "UQ_9183464c37c5ac41a94d7b19b65" UNIQUE ("hsa_id"), CONSTRAINT "PK_4252c4be609041e559f0c80f58a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_1b15180e25301bda2db60db090" ON "unit"  ("organisation_id") ');
    await queryRunner.query(
      'CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "given_name" text NOT NULL, "family_name" text NOT NULL, "personnummer" character(12), "hsa_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_6ecaaa54d5430b2730cd3b6ce99" UNIQUE ("key"), CONSTRAINT "UQ_789336571222ba3179b0a3f6121" UNIQUE ("personnummer"), CONSTRAINT "UQ_2a0f5a28ff8fe06eddec90ecf5a" UNIQUE ("hsa_id"), CONSTRAINT "app_user_identity_check" CHECK (personnummer IS NOT NULL OR hsa_id IS NOT NULL), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "membership" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "role" text NOT NULL, CONSTRAINT "membership_user_unit_role" UNIQUE ("user_id", "unit_id", "role"), CONSTRAINT "membership_role_check" CHECK (role IN (\'koordinator\', \'handlaggare\', \'sjukskoterska\', \'utforare\', \'lakare\', \'logggranskare\', \'admin\')), CONSTRAINT "PK_83c1afebef3059472e7c37e8de8" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_e9c72e8d29784031c96f5c6af8" ON "membership"  ("user_id") ');
    await queryRunner.query('CREATE INDEX "IDX_751c4ff78fd545e1c00a6e81de" ON "membership"  ("unit_id") ');
    await queryRunner.query(
      'CREATE TABLE "patient" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "identity_type" text NOT NULL, "identity_number" text NOT NULL, "reserve_issuer" text NOT NULL DEFAULT \'\', "given_name" text NOT NULL, "family_name" text NOT NULL, "protected_identity" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "patient_identity" UNIQUE ("identity_type", "reserve_issuer", "identity_number"), CONSTRAINT "patient_identity_type_check" CHECK (identity_type IN (\'personnummer\', \'samordningsnummer\', \'reservnummer\')), CONSTRAINT "PK_8dfa510bb29ad31ab2139fbfb99" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "thread" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "owner_unit_id" uuid NOT NULL, "status" text NOT NULL DEFAULT \'inskriven\', "triage" text NOT NULL, "admitted_at" TIMESTAMP WITH TIME ZONE, "planned_discharge_date" date, "utskrivningsklar_at" TIMESTAMP WITH TIME ZONE, "discharged_at" TIMESTAMP WITH TIME ZONE, "last_seq" integer NOT NULL DEFAULT \'0\', "created_by_user_id" uuid NOT NULL, "idempotency_key" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "thread_creator_idempotency" UNIQUE ("created_by_user_id", "idempotency_key"), CONSTRAINT "thread_triage_check" CHECK (triage IN (\'gron\', \'gul\', \'rod\')), CONSTRAINT "thread_status_check" CHECK (status IN (\'inskriven\', \'planering\', \'utskrivningsklar\', \'avbrott\', \'utskriven\', \'avslutad\', \'makulerad\')), CONSTRAINT "PK_cabc0f3f27d7b1c70cf64623e02" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_2ed75ef198f3001d5aac0eee30" ON "thread"  ("patient_id") ');
    await queryRunner.query('CREATE INDEX "IDX_e5b476769aa9f412d84cc5ce1e" ON "thread"  ("owner_unit_id") ');
    await queryRunner.query(
      'CREATE TABLE "thread_participant" ("thread_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c624c16127feccd99f0b4c64c31" PRIMARY KEY ("thread_id", "unit_id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_dd458a191394866edf0c7f555b" ON "thread_participant"  ("unit_id") ');
    await queryRunner.query(
      'CREATE TABLE "message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "thread_id" uuid NOT NULL, "seq" integer NOT NULL, "kind" text NOT NULL, "body" text, "payload" jsonb, "author_user_id" uuid NOT NULL, "author_unit_id" uuid NOT NULL, "corrects_message_id" uuid, "idempotency_key" text NOT NULL, "request_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "message_idempotency" UNIQUE ("thread_id", "author_user_id", "idempotency_key"), CONSTRAINT "message_thread_seq" UNIQUE ("thread_id", "seq"), CONSTRAINT "PK_ba01f0a3e0123651915008bc578" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "read_receipt" ("message_id" uuid NOT NULL, "user_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_c1513104bf4ac6412b12d23e8be" PRIMARY KEY ("message_id", "user_id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_85bd8dbb3e333628d16c10b6df" ON "read_receipt"  ("user_id") ');
    await queryRunner.query(
      'ALTER TABLE "unit" ADD CONSTRAINT "FK_1b15180e25301bda2db60db090b" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "membership" ADD CONSTRAINT "FK_e9c72e8d29784031c96f5c6af8d" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "membership" ADD CONSTRAINT "FK_751c4ff78fd545e1c00a6e81de4" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "thread" ADD CONSTRAINT "FK_2ed75ef198f3001d5aac0eee308" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "thread" ADD CONSTRAINT "FK_e5b476769aa9f412d84cc5ce1ed" FOREIGN KEY ("owner_unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "thread" ADD CONSTRAINT "FK_63618412997402c8b9ed7c2128a" FOREIGN KEY ("created_by_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "thread_participant" ADD CONSTRAINT "FK_93580c8e6a578318cff86eabf2a" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "thread_participant" ADD CONSTRAINT "FK_dd458a191394866edf0c7f555b5" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "message" ADD CONSTRAINT "FK_11cb07b9ecf8cb247c5e2dc86ab" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "message" ADD CONSTRAINT "FK_8e483e5a03146fdc21b5c78dba0" FOREIGN KEY ("author_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "message" ADD CONSTRAINT "FK_f1e81a7b9af9068d9b96f0e701d" FOREIGN KEY ("author_unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "message" ADD CONSTRAINT "FK_52652339d57a5a09d6c1ac34257" FOREIGN KEY ("corrects_message_id") REFERENCES "message"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "read_receipt" ADD CONSTRAINT "FK_ba47a241e9a203783f3237c44f5" FOREIGN KEY ("message_id") REFERENCES "message"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "read_receipt" ADD CONSTRAINT "FK_85bd8dbb3e333628d16c10b6df6" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "read_receipt" ADD CONSTRAINT "FK_cc45ff6977e6d79b30c93f0df37" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "read_receipt" DROP CONSTRAINT "FK_cc45ff6977e6d79b30c93f0df37"');
    await queryRunner.query('ALTER TABLE "read_receipt" DROP CONSTRAINT "FK_85bd8dbb3e333628d16c10b6df6"');
    await queryRunner.query('ALTER TABLE "read_receipt" DROP CONSTRAINT "FK_ba47a241e9a203783f3237c44f5"');
    await queryRunner.query('ALTER TABLE "message" DROP CONSTRAINT "FK_52652339d57a5a09d6c1ac34257"');
    await queryRunner.query('ALTER TABLE "message" DROP CONSTRAINT "FK_f1e81a7b9af9068d9b96f0e701d"');
    await queryRunner.query('ALTER TABLE "message" DROP CONSTRAINT "FK_8e483e5a03146fdc21b5c78dba0"');
    await queryRunner.query('ALTER TABLE "message" DROP CONSTRAINT "FK_11cb07b9ecf8cb247c5e2dc86ab"');
    await queryRunner.query('ALTER TABLE "thread_participant" DROP CONSTRAINT "FK_dd458a191394866edf0c7f555b5"');
    await queryRunner.query('ALTER TABLE "thread_participant" DROP CONSTRAINT "FK_93580c8e6a578318cff86eabf2a"');
    await queryRunner.query('ALTER TABLE "thread" DROP CONSTRAINT "FK_63618412997402c8b9ed7c2128a"');
    await queryRunner.query('ALTER TABLE "thread" DROP CONSTRAINT "FK_e5b476769aa9f412d84cc5ce1ed"');
    await queryRunner.query('ALTER TABLE "thread" DROP CONSTRAINT "FK_2ed75ef198f3001d5aac0eee308"');
    await queryRunner.query('ALTER TABLE "membership" DROP CONSTRAINT "FK_751c4ff78fd545e1c00a6e81de4"');
    await queryRunner.query('ALTER TABLE "membership" DROP CONSTRAINT "FK_e9c72e8d29784031c96f5c6af8d"');
    await queryRunner.query('ALTER TABLE "unit" DROP CONSTRAINT "FK_1b15180e25301bda2db60db090b"');
    await queryRunner.query('DROP INDEX "public"."IDX_85bd8dbb3e333628d16c10b6df"');
    await queryRunner.query('DROP TABLE "read_receipt"');
    await queryRunner.query('DROP TABLE "message"');
    await queryRunner.query('DROP INDEX "public"."IDX_dd458a191394866edf0c7f555b"');
    await queryRunner.query('DROP TABLE "thread_participant"');
    await queryRunner.query('DROP INDEX "public"."IDX_e5b476769aa9f412d84cc5ce1e"');
    await queryRunner.query('DROP INDEX "public"."IDX_2ed75ef198f3001d5aac0eee30"');
    await queryRunner.query('DROP TABLE "thread"');
    await queryRunner.query('DROP TABLE "patient"');
    await queryRunner.query('DROP INDEX "public"."IDX_751c4ff78fd545e1c00a6e81de"');
    await queryRunner.query('DROP INDEX "public"."IDX_e9c72e8d29784031c96f5c6af8"');
    await queryRunner.query('DROP TABLE "membership"');
    await queryRunner.query('DROP TABLE "app_user"');
    await queryRunner.query('DROP INDEX "public"."IDX_1b15180e25301bda2db60db090"');
    await queryRunner.query('DROP TABLE "unit"');
    await queryRunner.query('DROP TABLE "organisation"');
    await queryRunner.query('DROP INDEX "public"."IDX_cbb1f322a31e2bfcc617f667ce"');
    await queryRunner.query('DROP INDEX "public"."IDX_3920c89d39f4ef97028f94f2a2"');
    await queryRunner.query('DROP INDEX "public"."IDX_cb11bd5b662431ea0ac455a27d"');
    await queryRunner.query('DROP TABLE "audit_log"');
  }
}
