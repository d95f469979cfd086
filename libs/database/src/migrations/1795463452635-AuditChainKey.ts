import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Links of the access log's chain are keyed with a secret outside the database (AuditKey); each
 * link names the key that sealed it. Links sealed before have no key id (plain sha256).
 */
export class AuditChainKey1795463452635 implements MigrationInterface {
  name = 'AuditChainKey1795463452635';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "audit_chain" ADD "key_id" text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "audit_chain" DROP COLUMN "key_id"');
  }
}
