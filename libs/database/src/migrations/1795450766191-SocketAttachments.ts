import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The socket.io PostgreSQL adapter sends payloads above NOTIFY's 8000-byte limit through this
 * table (its schema is the adapter's; it has no entity).
 */
export class SocketAttachments1795450766191 implements MigrationInterface {
  name = 'SocketAttachments1795450766191';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE socket_io_attachments (id bigserial UNIQUE, created_at timestamptz DEFAULT now(), payload bytea)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE socket_io_attachments');
  }
}
