import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sealer finds its horizon without taking the chain lock exclusively (issue 32). Before, it
 * took ADVISORY_LOCKS.auditChain (7261003) exclusively every 250 ms to know that every number
 * audit_log_seq had handed out was final, and every writer (this trigger) queued behind it: on the
 * bench 0.16–0.33 ms of the access-log INSERT's 0.37 ms per post was that wait, and posts stalled
 * in bursts.
 *
 * Now the trigger gives its transaction an xid (pg_current_xact_id(), the top-level one, also
 * inside a savepoint) before it takes the next number. brygga_audit_horizon() reads the sequence's
 * last number L, then gives its own transaction an xid X: every writer holding a number <= L had
 * its xid before L was read, so below X. Once no transaction below X that holds a lock on audit_log
 * (an INSERT takes RowExclusiveLock before the trigger runs, until the transaction ends) is still
 * running, every number <= L is final (libs/audit/src/audit-chain.sealer.ts). The sequence must
 * hand out one number at a time (CACHE 1, as it is): with a cache a backend could later hand out a
 * number <= L it took before L was read; brygga_audit_horizon() refuses to answer otherwise.
 *
 * The trigger still takes the chain lock shared, for one release: nodes of the version before this
 * one take it exclusively and stay safe during the rolling restart; no sealer of this version
 * takes it exclusively, so a writer never waits for it. The release after drops it.
 *
 * The migration waits for the writers in flight (LOCK TABLE), so no row numbered under the old
 * function (its xid assigned after its number) is still uncommitted when a new sealer starts.
 */
export class AuditHorizonByXid1796040000000 implements MigrationInterface {
  name = 'AuditHorizonByXid1796040000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE');
    await queryRunner.query('ALTER SEQUENCE audit_log_seq CACHE 1');
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION brygga_audit_place() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.seq IS NOT NULL OR NEW.occurred_at IS NOT NULL OR NEW.content_hash IS NOT NULL THEN
          RAISE EXCEPTION 'audit_log: seq, occurred_at and content_hash are set by the database, not by the writer'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF clock_timestamp() - transaction_timestamp() > interval '15 minutes' THEN
          RAISE EXCEPTION 'audit_log: a transaction older than 15 minutes may not write to the access log'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        -- The xid before the number: the sealer's horizon (brygga_audit_horizon) relies on the order.
        PERFORM pg_current_xact_id();
        -- For the sealers of the previous version during the rolling restart only; nobody takes it exclusively now.
        PERFORM pg_advisory_xact_lock_shared(7261003);
        NEW.seq := nextval('audit_log_seq');
        NEW.occurred_at := date_trunc('milliseconds', transaction_timestamp());
        RETURN NEW;
      END
      $$`);
    // The last number handed out (seq), and when it was read (at); xid: an xid given to this
    // transaction after the read, or null when nothing was handed out beyond "after" (no xid spent).
    await queryRunner.query(`
      CREATE FUNCTION brygga_audit_horizon(after bigint, OUT seq bigint, OUT xid xid8, OUT at timestamptz)
      LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        IF (SELECT seqcache FROM pg_sequence WHERE seqrelid = 'audit_log_seq'::regclass) <> 1 THEN
          RAISE EXCEPTION 'audit_log_seq must hand out one number at a time (CACHE 1): the sealer cannot find a safe horizon';
        END IF;
        SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END INTO seq FROM audit_log_seq;
        at := clock_timestamp();
        IF seq > after THEN
          xid := pg_current_xact_id();
        END IF;
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION brygga_audit_horizon(bigint)');
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION brygga_audit_place() RETURNS trigger LANGUAGE plpgsql AS $$
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
  }
}
