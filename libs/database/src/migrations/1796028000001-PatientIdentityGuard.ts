import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A patient's identity cannot be re-pointed silently (issue 28). Before, the api's role could
 * `UPDATE patient SET identity_number = …`: a search by the real personnummer then found nothing
 * and the access log still verified. Now:
 * - a trigger refuses any change of a patient's identity, and deleting a patient, to every role
 *   but the table's owner;
 * - the one way to change it is brygga_correct_patient_identity (SECURITY DEFINER, owned by the
 *   owner), which records old and new in patient_identity_correction (append-only) in the same
 *   statement; the api calls it and writes the access-log row in the same transaction.
 */
export class PatientIdentityGuard1796028000001 implements MigrationInterface {
  name = 'PatientIdentityGuard1796028000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "patient_identity_correction" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "old_identity_type" text NOT NULL, "old_identity_number" text NOT NULL, "old_reserve_issuer" text NOT NULL, "new_identity_type" text NOT NULL, "new_identity_number" text NOT NULL, "new_reserve_issuer" text NOT NULL, "corrected_by_user_id" uuid NOT NULL, "reason" text, "corrected_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "patient_identity_correction_types" CHECK (old_identity_type IN ('personnummer', 'samordningsnummer', 'reservnummer') AND new_identity_type IN ('personnummer', 'samordningsnummer', 'reservnummer')), CONSTRAINT "PK_09b000948ce4fbd687156b9a9ea" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query('CREATE INDEX "IDX_a809253027e96aa88f4ea97470" ON "patient_identity_correction"  ("patient_id") ');
    await queryRunner.query(
      'ALTER TABLE "patient_identity_correction" ADD CONSTRAINT "FK_a809253027e96aa88f4ea974702" FOREIGN KEY ("patient_id") REFERENCES "patient"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    // Append-only like the access log (roles.ts then grants the app role SELECT and INSERT only).
    await queryRunner.query(
      'CREATE TRIGGER patient_identity_correction_append_only BEFORE UPDATE OR DELETE ON patient_identity_correction FOR EACH ROW EXECUTE FUNCTION brygga_refuse_change()',
    );
    await queryRunner.query(
      'CREATE TRIGGER patient_identity_correction_no_truncate BEFORE TRUNCATE ON patient_identity_correction FOR EACH STATEMENT EXECUTE FUNCTION brygga_refuse_change()',
    );
    await queryRunner.query(`
      CREATE FUNCTION brygga_guard_patient_identity() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_user = (SELECT pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.oid = TG_RELID) THEN
          RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'patient: a patient is never deleted' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF (NEW.identity_type, NEW.identity_number, NEW.reserve_issuer, NEW.id)
           IS DISTINCT FROM (OLD.identity_type, OLD.identity_number, OLD.reserve_issuer, OLD.id) THEN
          RAISE EXCEPTION 'patient: the identity number changes only by a recorded correction (brygga_correct_patient_identity)'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END
      $$`);
    await queryRunner.query(
      'CREATE TRIGGER patient_identity_guard BEFORE UPDATE OR DELETE ON patient FOR EACH ROW EXECUTE FUNCTION brygga_guard_patient_identity()',
    );
    await queryRunner.query(`
      CREATE FUNCTION brygga_correct_patient_identity(p_patient uuid, p_type text, p_number text, p_issuer text, p_by uuid, p_reason text)
        RETURNS uuid LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        old patient%ROWTYPE;
        correction uuid;
      BEGIN
        SELECT * INTO old FROM patient WHERE id = p_patient FOR UPDATE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'patient % does not exist', p_patient USING ERRCODE = 'no_data_found';
        END IF;
        INSERT INTO patient_identity_correction (patient_id, old_identity_type, old_identity_number, old_reserve_issuer,
                                                 new_identity_type, new_identity_number, new_reserve_issuer, corrected_by_user_id, reason)
        VALUES (p_patient, old.identity_type, old.identity_number, old.reserve_issuer, p_type, p_number, p_issuer, p_by, p_reason)
        RETURNING id INTO correction;
        UPDATE patient SET identity_type = p_type, identity_number = p_number, reserve_issuer = p_issuer WHERE id = p_patient;
        RETURN correction;
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION brygga_correct_patient_identity(uuid, text, text, text, uuid, text)');
    await queryRunner.query('DROP TRIGGER patient_identity_guard ON patient');
    await queryRunner.query('DROP FUNCTION brygga_guard_patient_identity()');
    await queryRunner.query('DROP TABLE "patient_identity_correction"');
  }
}
