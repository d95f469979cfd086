import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The database, not the writer, decides an access-log row's place and time (issue 28). Before,
 * the api's role could insert a row with any seq, any time and a content hash it computed itself
 * (the hash needs no key), and the sealer linked it. Now a BEFORE INSERT trigger:
 * - refuses a row that brings its own seq, occurred_at or content_hash (the app role, or anyone);
 * - refuses a row from a transaction older than 15 minutes (its time would be that far back;
 *   the sealer's continuity check, MAX_TRANSACTION_AGE_MS, relies on this bound);
 * - takes the chain lock shared (ADVISORY_LOCKS.auditChain = 7261003) until commit, so the sealer
 *   knows when every number handed out is final, then the next number of audit_log_seq;
 * - sets occurred_at to the transaction's start, in milliseconds (what the content hash reads).
 * The sealer hashes the row (audit_chain.content_hash) and ties it to the patient's identity
 * (patient_ref, a keyed hash of the identity number); the row's unit comes with its organisation.
 */
export class AuditPlacedByDatabase1796028000000 implements MigrationInterface {
  name = 'AuditPlacedByDatabase1796028000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "audit_log" ADD "organisation_id" uuid');
    await queryRunner.query('ALTER TABLE "audit_log" ADD "patient_ref" bytea');
    await queryRunner.query('ALTER TABLE "audit_log" ALTER COLUMN "content_hash" DROP NOT NULL');
    await queryRunner.query('ALTER TABLE "audit_chain" ADD "content_hash" bytea');
    await queryRunner.query('ALTER TABLE "audit_chain" ADD "patient_ref" bytea');
    await queryRunner.query('CREATE INDEX "audit_log_patient_ref" ON "audit_log" ("patient_ref") WHERE patient_ref IS NOT NULL');
    await queryRunner.query('CREATE INDEX "audit_chain_patient_ref" ON "audit_chain" ("patient_ref") WHERE patient_ref IS NOT NULL');
    await queryRunner.query(`
      CREATE FUNCTION brygga_audit_place() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.seq IS NOT NULL OR NEW.occurred_at IS NOT NULL OR NEW.content_hash IS NOT NULL THEN
          RAISE EXCEPTION 'audit_log: seq, occurred_at and content_hash are set by the database, not by the writer'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF clock_timestamp() - transaction_timestamp() > interval '15 minutes' THEN
          RAISE EXCEPTION 'audit_log: a transaction older than 15 minutes may not write to the access log'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        PERFORM pg_advisory_xact_lock_shared(7261003);
        NEW.seq := nextval('audit_log_seq');
        NEW.occurred_at := date_trunc('milliseconds', transaction_timestamp());
        RETURN NEW;
      END
      $$`);
    await queryRunner.query('CREATE TRIGGER audit_log_place BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION brygga_audit_place()');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER audit_log_place ON audit_log');
    await queryRunner.query('DROP FUNCTION brygga_audit_place()');
    await queryRunner.query('DROP INDEX "public"."audit_chain_patient_ref"');
    await queryRunner.query('DROP INDEX "public"."audit_log_patient_ref"');
    await queryRunner.query('ALTER TABLE "audit_chain" DROP COLUMN "patient_ref"');
    await queryRunner.query('ALTER TABLE "audit_chain" DROP COLUMN "content_hash"');
    // Rows written since have no content hash of their own: the old layout cannot take them back.
    await queryRunner.query('ALTER TABLE "audit_log" DROP COLUMN "patient_ref"');
    await queryRunner.query('ALTER TABLE "audit_log" DROP COLUMN "organisation_id"');
  }
}
