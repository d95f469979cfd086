import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * rate_limit: @nestjs/throttler's counters for the anonymous /auth routes, shared by the nodes.
 * audit_denial_tally: repeats of one anonymous denial, counted instead of logged row by row.
 */
export class RateLimitsAndDenialTally1795463959086 implements MigrationInterface {
  name = 'RateLimitsAndDenialTally1795463959086';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audit_denial_tally" ("key" text NOT NULL, "first_seq" bigint NOT NULL, "repeats" integer NOT NULL DEFAULT \'0\', "window_ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "record" jsonb NOT NULL, CONSTRAINT "PK_8de8c433599856351931c2edbc3" PRIMARY KEY ("key"))',
    );
    await queryRunner.query(
      'CREATE TABLE "rate_limit" ("key" text NOT NULL, "hits" integer NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "blocked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_e6c0c0608decdf78e4d4b263397" PRIMARY KEY ("key"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_b05e3c8a27df31aadf0379cfb9" ON "rate_limit"  ("expires_at") ');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_b05e3c8a27df31aadf0379cfb9"');
    await queryRunner.query('DROP TABLE "rate_limit"');
    await queryRunner.query('DROP TABLE "audit_denial_tally"');
  }
}
