import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The installation's stable id (issue 29): one row, made at the first start (installation.ts), never
 * changed by the api. It names this installation where the database's name cannot: the Redis
 * channels its nodes share, and the access log's signed checkpoints. A backup carries it, so a
 * restore into a new database is the same installation; a copy meant to run beside its original
 * is given a new id on purpose (docs/operations.md: Backup and restore).
 */
export class Installation1796029000000 implements MigrationInterface {
  name = 'Installation1796029000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "installation" ("one" boolean NOT NULL DEFAULT true, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "installation_one_row" CHECK ("one"), CONSTRAINT "PK_installation" PRIMARY KEY ("one"))`,
    );
    // Append-only: the app role may make the row once (roles.ts grants SELECT and INSERT) but not change it.
    await queryRunner.query(
      'CREATE TRIGGER installation_append_only BEFORE UPDATE OR DELETE ON installation FOR EACH ROW EXECUTE FUNCTION brygga_refuse_change()',
    );
    await queryRunner.query(
      'CREATE TRIGGER installation_no_truncate BEFORE TRUNCATE ON installation FOR EACH STATEMENT EXECUTE FUNCTION brygga_refuse_change()',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "installation"');
  }
}
