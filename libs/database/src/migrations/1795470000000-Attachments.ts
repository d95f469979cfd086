import { MigrationInterface, QueryRunner } from 'typeorm';

export class Attachments1795470000000 implements MigrationInterface {
  name = 'Attachments1795470000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "attachment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "thread_id" uuid NOT NULL, "message_id" uuid, "uploaded_by_user_id" uuid NOT NULL, "name" text NOT NULL, "content_type" text NOT NULL, "size_bytes" integer NOT NULL, "sha256" text NOT NULL, "storage" text NOT NULL, "object_key" text NOT NULL, "state" text NOT NULL, "previewable" boolean NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "scanned_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "attachment_storage_check" CHECK (storage IN (\'postgres\', \'s3\')), CONSTRAINT "attachment_state_check" CHECK (state IN (\'not_scanned\', \'clean\', \'scan_pending\', \'infected\')), CONSTRAINT "PK_d2a80c3a8d467f08a750ac4b420" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_8b747bea575115f98d3bd0ca23" ON "attachment"  ("thread_id") ');
    await queryRunner.query('CREATE INDEX "IDX_a09a40c2f66ab10dbe901fce29" ON "attachment"  ("message_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_383d88f90eadd759219e915cc3" ON "attachment"  ("object_key") ');
    await queryRunner.query(
      'CREATE TABLE "attachment_chunk" ("object_key" text NOT NULL, "idx" integer NOT NULL, "data" bytea NOT NULL, CONSTRAINT "PK_abb347c0f524921d9e10f4666db" PRIMARY KEY ("object_key", "idx"))',
    );
    await queryRunner.query(
      'ALTER TABLE "attachment" ADD CONSTRAINT "FK_8b747bea575115f98d3bd0ca234" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "attachment" ADD CONSTRAINT "FK_a09a40c2f66ab10dbe901fce29e" FOREIGN KEY ("message_id") REFERENCES "message"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "attachment" ADD CONSTRAINT "FK_0e9e069d0e8d22fab610a465c16" FOREIGN KEY ("uploaded_by_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    // As immutable as its message: once bound, only the scan verdict may change, and nothing is deleted.
    await queryRunner.query(`CREATE FUNCTION brygga_attachment_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD.message_id IS NOT NULL THEN RAISE EXCEPTION 'attachment % belongs to a message and cannot be deleted', OLD.id; END IF;
          RETURN OLD;
        END IF;
        IF (OLD.message_id IS NOT NULL AND NEW.message_id IS DISTINCT FROM OLD.message_id)
           OR (NEW.thread_id, NEW.uploaded_by_user_id, NEW.name, NEW.content_type, NEW.size_bytes, NEW.sha256, NEW.storage, NEW.object_key, NEW.previewable)
              IS DISTINCT FROM (OLD.thread_id, OLD.uploaded_by_user_id, OLD.name, OLD.content_type, OLD.size_bytes, OLD.sha256, OLD.storage, OLD.object_key, OLD.previewable) THEN
          RAISE EXCEPTION 'attachment % is immutable', OLD.id;
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      'CREATE TRIGGER attachment_immutable BEFORE UPDATE OR DELETE ON attachment FOR EACH ROW EXECUTE FUNCTION brygga_attachment_immutable()',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER attachment_immutable ON attachment');
    await queryRunner.query('DROP FUNCTION brygga_attachment_immutable()');
    await queryRunner.query('ALTER TABLE "attachment" DROP CONSTRAINT "FK_0e9e069d0e8d22fab610a465c16"');
    await queryRunner.query('ALTER TABLE "attachment" DROP CONSTRAINT "FK_a09a40c2f66ab10dbe901fce29e"');
    await queryRunner.query('ALTER TABLE "attachment" DROP CONSTRAINT "FK_8b747bea575115f98d3bd0ca234"');
    await queryRunner.query('DROP TABLE "attachment_chunk"');
    await queryRunner.query('DROP INDEX "public"."IDX_383d88f90eadd759219e915cc3"');
    await queryRunner.query('DROP INDEX "public"."IDX_a09a40c2f66ab10dbe901fce29"');
    await queryRunner.query('DROP INDEX "public"."IDX_8b747bea575115f98d3bd0ca23"');
    await queryRunner.query('DROP TABLE "attachment"');
  }
}
