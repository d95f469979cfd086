import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 28, the rest of the schema:
 * - membership_request: grants that need a second administrator (four eyes);
 * - thread.former_owner_unit_ids: a ward that handed a thread on keeps seeing the owner's own
 *   declaration of a protected identity, not the patient's stored flag (filled from the
 *   agare_bytt messages of threads handed on before);
 * - attachment_pending: the pending files by uploader and age (quota and expiry).
 */
export class FourEyesAndOracles1796028000002 implements MigrationInterface {
  name = 'FourEyesAndOracles1796028000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "membership_request" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "role" text NOT NULL, "reason" text NOT NULL, "requested_by_user_id" uuid NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "status" text NOT NULL DEFAULT 'pending', "decided_by_user_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "membership_request_reason_check" CHECK (reason IN ('elevated_role', 'other_organisation')), CONSTRAINT "membership_request_status_check" CHECK (status IN ('pending', 'approved', 'rejected')), CONSTRAINT "membership_request_role_check" CHECK (role IN ('koordinator', 'handlaggare', 'sjukskoterska', 'utforare', 'lakare', 'logggranskare', 'admin')), CONSTRAINT "PK_ab282071990a6efd6967ec4111f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query('CREATE INDEX "IDX_8aa64d509ec5f2102245573ac1" ON "membership_request"  ("unit_id") ');
    await queryRunner.query(
      `CREATE UNIQUE INDEX "membership_request_pending" ON "membership_request"  ("user_id", "unit_id", "role") WHERE status = 'pending'`,
    );
    await queryRunner.query(
      'ALTER TABLE "membership_request" ADD CONSTRAINT "FK_659f8dbd9828973d2a18c9b2435" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "membership_request" ADD CONSTRAINT "FK_8aa64d509ec5f2102245573ac1b" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "membership_request" ADD CONSTRAINT "FK_34d35a2c25ccfd06ad1c07c6da9" FOREIGN KEY ("requested_by_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "membership_request" ADD CONSTRAINT "FK_52d2e9b0f39ddad0389f38ef154" FOREIGN KEY ("decided_by_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(`ALTER TABLE "thread" ADD "former_owner_unit_ids" uuid array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(
      `UPDATE thread t SET former_owner_unit_ids = f.units
         FROM (SELECT m.thread_id, array_agg(DISTINCT (m.payload->>'fromUnitId')::uuid) AS units
                 FROM message m WHERE m.kind = 'agare_bytt' AND m.payload ? 'fromUnitId' GROUP BY m.thread_id) f
        WHERE f.thread_id = t.id`,
    );
    await queryRunner.query(
      'CREATE INDEX "attachment_pending" ON "attachment" ("uploaded_by_user_id", "created_at") WHERE message_id IS NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."attachment_pending"');
    await queryRunner.query('ALTER TABLE "thread" DROP COLUMN "former_owner_unit_ids"');
    await queryRunner.query('DROP TABLE "membership_request"');
  }
}
