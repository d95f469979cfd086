import { MigrationInterface, QueryRunner } from 'typeorm';

export class Sessions1795450054650 implements MigrationInterface {
  name = 'Sessions1795450054650';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "web_session" ("sid" text NOT NULL, "user_id" uuid, "data" jsonb NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e07661598f4722b7fb2b17af469" PRIMARY KEY ("sid"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_a31729df9a76c8979b283bffd6" ON "web_session"  ("user_id") ');
    await queryRunner.query('CREATE INDEX "IDX_dcb9992c30940815b04537eadf" ON "web_session"  ("expires_at") ');
    await queryRunner.query(
      'CREATE TABLE "app_secret" ("name" text NOT NULL, "value" text NOT NULL, CONSTRAINT "PK_0bf6fc27bbdc865c8ab90b4ca41" PRIMARY KEY ("name"))',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "app_secret"');
    await queryRunner.query('DROP INDEX "public"."IDX_dcb9992c30940815b04537eadf"');
    await queryRunner.query('DROP INDEX "public"."IDX_a31729df9a76c8979b283bffd6"');
    await queryRunner.query('DROP TABLE "web_session"');
  }
}
