import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A session shortened in place (an operator's `UPDATE web_session SET expires_at = now()`) ends it
 * like a DELETE does: the other nodes drop their cached copy at once instead of serving it for up
 * to AUTH_CACHE_SECONDS (found by the session fast path's review). The idle timeout's touch only
 * ever moves expires_at later, so it still notifies nobody.
 */
export class SessionShortenedInvalidates1796043000000 implements MigrationInterface {
  name = 'SessionShortenedInvalidates1796043000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER web_session_cache_update ON web_session');
    await queryRunner.query(
      `CREATE TRIGGER web_session_cache_update AFTER UPDATE ON web_session FOR EACH ROW
         WHEN (OLD.data IS DISTINCT FROM NEW.data OR OLD.user_id IS DISTINCT FROM NEW.user_id OR NEW.expires_at < OLD.expires_at)
         EXECUTE FUNCTION brygga_cache_session_changed()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER web_session_cache_update ON web_session');
    await queryRunner.query(
      `CREATE TRIGGER web_session_cache_update AFTER UPDATE ON web_session FOR EACH ROW
         WHEN (OLD.data IS DISTINCT FROM NEW.data OR OLD.user_id IS DISTINCT FROM NEW.user_id) EXECUTE FUNCTION brygga_cache_session_changed()`,
    );
  }
}
