import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notifier keeps, per node, which units have nobody who could be told of their threads
 * (libs/notifications/src/reachable.ts). What could make someone reachable sends `{userId}` on
 * `brygga_cache` at commit, like a membership change (migration CacheInvalidation): a device
 * subscribed, changed or removed, and a person's choice of events or of the e-mail nudge. Not the
 * e-mail nudge's own bookkeeping (`email_last_sent_at`, claimed at every nudge).
 */
export class NotificationCache1796041000000 implements MigrationInterface {
  name = 'NotificationCache1796041000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TRIGGER push_subscription_cache AFTER INSERT OR UPDATE OR DELETE ON push_subscription FOR EACH ROW EXECUTE FUNCTION brygga_cache_user_changed('user_id')`,
    );
    await queryRunner.query(
      `CREATE TRIGGER notification_setting_cache AFTER INSERT OR DELETE ON notification_setting FOR EACH ROW EXECUTE FUNCTION brygga_cache_user_changed('user_id')`,
    );
    await queryRunner.query(
      `CREATE TRIGGER notification_setting_cache_update AFTER UPDATE ON notification_setting FOR EACH ROW
         WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id OR OLD.on_message IS DISTINCT FROM NEW.on_message
            OR OLD.on_deadline IS DISTINCT FROM NEW.on_deadline OR OLD.on_hemgangsklar IS DISTINCT FROM NEW.on_hemgangsklar
            OR OLD.email_enabled IS DISTINCT FROM NEW.email_enabled)
         EXECUTE FUNCTION brygga_cache_user_changed('user_id')`,
    );
    for (const table of ['push_subscription', 'notification_setting']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_cache_truncate AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION brygga_cache_all_changed()`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['push_subscription', 'notification_setting']) {
      await queryRunner.query(`DROP TRIGGER ${table}_cache_truncate ON ${table}`);
    }
    await queryRunner.query('DROP TRIGGER notification_setting_cache_update ON notification_setting');
    await queryRunner.query('DROP TRIGGER notification_setting_cache ON notification_setting');
    await queryRunner.query('DROP TRIGGER push_subscription_cache ON push_subscription');
  }
}
