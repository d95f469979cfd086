import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hash chain moves out of the writing transaction: access-log rows get their seq from a
 * sequence and the links live in audit_chain, written by the sealer (AuditChainSealer). The
 * links of rows already written move over unchanged.
 */
export class AuditChainSealer1795451716186 implements MigrationInterface {
  name = 'AuditChainSealer1795451716186';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audit_chain" ("seq" bigint NOT NULL, "prev_seq" bigint, "prev_hash" bytea NOT NULL, "hash" bytea NOT NULL, "sealed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d31e87c3f18459d04fe709c30a5" PRIMARY KEY ("seq"))',
    );
    await queryRunner.query(
      'INSERT INTO audit_chain (seq, prev_seq, prev_hash, hash) SELECT seq, lag(seq) OVER (ORDER BY seq), prev_hash, hash FROM audit_log',
    );
    await queryRunner.query('ALTER TABLE "audit_log" DROP COLUMN "prev_hash"');
    await queryRunner.query('ALTER TABLE "audit_log" DROP COLUMN "hash"');
    await queryRunner.query('CREATE SEQUENCE audit_log_seq');
    await queryRunner.query(`SELECT setval('audit_log_seq', COALESCE((SELECT max(seq) FROM audit_log), 0) + 1, false)`);
    await queryRunner.query(
      'CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE ON audit_chain FOR EACH ROW EXECUTE FUNCTION brygga_refuse_change()',
    );
    await queryRunner.query(
      'CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain FOR EACH STATEMENT EXECUTE FUNCTION brygga_refuse_change()',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Unsealed rows cannot go back to the old layout, which needs a link on every row.
    await queryRunner.query('DROP SEQUENCE audit_log_seq');
    await queryRunner.query('ALTER TABLE "audit_log" ADD "hash" bytea');
    await queryRunner.query('ALTER TABLE "audit_log" ADD "prev_hash" bytea');
    await queryRunner.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await queryRunner.query('UPDATE audit_log a SET hash = c.hash, prev_hash = c.prev_hash FROM audit_chain c WHERE c.seq = a.seq');
    await queryRunner.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    await queryRunner.query('ALTER TABLE "audit_log" ALTER COLUMN "hash" SET NOT NULL, ALTER COLUMN "prev_hash" SET NOT NULL');
    await queryRunner.query('DROP TABLE "audit_chain"');
  }
}
