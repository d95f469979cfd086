import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The FHIR outbox keeps, per node, which units have a system with an endpoint, so that an
 * ordinary post to a thread without one asks the database nothing about it. Any change to
 * system clients drops that on every node, at commit (libs/database/src/cache-invalidation.ts).
 */
export class SystemClientCache1795474000000 implements MigrationInterface {
  name = 'SystemClientCache1795474000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION brygga_cache_system_clients_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('brygga_cache', '{"systemClients":true}');
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER system_client_cache AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON system_client FOR EACH STATEMENT EXECUTE FUNCTION brygga_cache_system_clients_changed()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER system_client_cache ON system_client');
    await queryRunner.query('DROP FUNCTION brygga_cache_system_clients_changed()');
  }
}
