import { MigrationInterface, QueryRunner } from 'typeorm';

/** Chunks written by an upload that never got its attachment row (a node died) can be found and swept by age. */
export class AttachmentChunkAge1795472000000 implements MigrationInterface {
  name = 'AttachmentChunkAge1795472000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "attachment_chunk" ADD "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "attachment_chunk" DROP COLUMN "created_at"');
  }
}
