import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change to what the session and actor caches hold sends a NOTIFY on `brygga_cache`
 * (libs/database/src/cache-invalidation.ts), from inside the changing transaction: delivered to
 * every node at commit, never on rollback, and whoever wrote it (the api, a test, an operator in
 * psql). Payloads name a user id, a session by the SHA-256 of its id (a session id is a bearer
 * credential and must not travel to every listener), or `all`; never anything about a patient.
 */
export class CacheInvalidation1795473000000 implements MigrationInterface {
  name = 'CacheInvalidation1795473000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // TG_ARGV[0]: the column that holds the user id (membership.user_id, app_user.id).
    await queryRunner.query(`CREATE FUNCTION brygga_cache_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          PERFORM pg_notify('brygga_cache', json_build_object('userId', to_jsonb(OLD) ->> TG_ARGV[0])::text);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          PERFORM pg_notify('brygga_cache', json_build_object('userId', to_jsonb(NEW) ->> TG_ARGV[0])::text);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION brygga_cache_session_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('brygga_cache', json_build_object('sid', encode(sha256(convert_to(OLD.sid, 'UTF8')), 'hex'))::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION brygga_cache_all_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('brygga_cache', '{"all":true}');
        RETURN NULL;
      END $$`);
    // A new user is in no cache: only changes and removals matter. Removing a user removes their
    // memberships too (ON DELETE CASCADE), which notify as well.
    await queryRunner.query(
      `CREATE TRIGGER membership_cache AFTER INSERT OR UPDATE OR DELETE ON membership FOR EACH ROW EXECUTE FUNCTION brygga_cache_user_changed('user_id')`,
    );
    await queryRunner.query(
      `CREATE TRIGGER app_user_cache AFTER UPDATE OR DELETE ON app_user FOR EACH ROW EXECUTE FUNCTION brygga_cache_user_changed('id')`,
    );
    // Unit and organisation names are in every member's actor: rare changes, so everything goes.
    for (const table of ['unit', 'organisation']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_cache AFTER UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION brygga_cache_all_changed()`,
      );
    }
    for (const table of ['membership', 'app_user', 'unit', 'organisation', 'web_session']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_cache_truncate AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION brygga_cache_all_changed()`,
      );
    }
    // A session that ends (logout, every session of a user) or changes its data. Not the idle
    // expiry's touch (only expires_at moves), nor the sweep of sessions already expired.
    await queryRunner.query(
      `CREATE TRIGGER web_session_cache_delete AFTER DELETE ON web_session FOR EACH ROW WHEN (OLD.expires_at > now()) EXECUTE FUNCTION brygga_cache_session_changed()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER web_session_cache_update AFTER UPDATE ON web_session FOR EACH ROW
         WHEN (OLD.data IS DISTINCT FROM NEW.data OR OLD.user_id IS DISTINCT FROM NEW.user_id) EXECUTE FUNCTION brygga_cache_session_changed()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER web_session_cache_update ON web_session');
    await queryRunner.query('DROP TRIGGER web_session_cache_delete ON web_session');
    for (const table of ['membership', 'app_user', 'unit', 'organisation', 'web_session']) {
      await queryRunner.query(`DROP TRIGGER ${table}_cache_truncate ON ${table}`);
    }
    for (const table of ['unit', 'organisation']) await queryRunner.query(`DROP TRIGGER ${table}_cache ON ${table}`);
    await queryRunner.query('DROP TRIGGER app_user_cache ON app_user');
    await queryRunner.query('DROP TRIGGER membership_cache ON membership');
    await queryRunner.query('DROP FUNCTION brygga_cache_all_changed()');
    await queryRunner.query('DROP FUNCTION brygga_cache_session_changed()');
    await queryRunner.query('DROP FUNCTION brygga_cache_user_changed()');
  }
}
