import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * System clients administered from Brygga (issue 31): a secret of Brygga's own (its scrypt hash;
 * the secret itself is shown once, at registration and at each rotation), when it was set, and
 * whether the client is disabled. Brygga's token endpoint (POST /auth/system-token) issues short
 * access tokens for that secret; only their SHA-256 is kept, and a rotation or a disable ends them.
 */
export class SystemClientAdministration1796031200000 implements MigrationInterface {
  name = 'SystemClientAdministration1796031200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "system_client" ADD "secret_hash" text, ADD "secret_set_at" TIMESTAMP WITH TIME ZONE, ADD "disabled_at" TIMESTAMP WITH TIME ZONE',
    );
    await queryRunner.query(
      `CREATE TABLE "system_access_token" ("token_hash" text NOT NULL, "system_client_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_system_access_token" PRIMARY KEY ("token_hash"),
        CONSTRAINT "FK_system_access_token_client" FOREIGN KEY ("system_client_id") REFERENCES "system_client"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query('CREATE INDEX "IDX_system_access_token_client" ON "system_access_token" ("system_client_id")');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "system_access_token"');
    await queryRunner.query(
      'ALTER TABLE "system_client" DROP COLUMN "disabled_at", DROP COLUMN "secret_set_at", DROP COLUMN "secret_hash"',
    );
  }
}
