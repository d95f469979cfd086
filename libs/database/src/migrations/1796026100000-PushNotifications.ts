import { MigrationInterface, QueryRunner } from 'typeorm';

export class PushNotifications1796026100000 implements MigrationInterface {
  name = 'PushNotifications1796026100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "push_subscription" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "session_id" text, "endpoint" text NOT NULL, "p256dh" text NOT NULL, "auth" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_27ae9074fc39a09bc1aee263df5" UNIQUE ("endpoint"), CONSTRAINT "PK_07fc861c0d2c38c1b830fb9cb5d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_ae9b58d71ea5fff546507fae20" ON "push_subscription"  ("user_id") ');
    await queryRunner.query('CREATE INDEX "IDX_a1b95faa8fc8cfdb5bf163c9d2" ON "push_subscription"  ("session_id") ');
    await queryRunner.query(
      'CREATE TABLE "notification_setting" ("user_id" uuid NOT NULL, "on_message" boolean NOT NULL DEFAULT true, "on_deadline" boolean NOT NULL DEFAULT true, "on_hemgangsklar" boolean NOT NULL DEFAULT true, "email_enabled" boolean NOT NULL DEFAULT false, "email_address" text, "email_last_sent_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "notification_setting_email_check" CHECK (NOT email_enabled OR email_address IS NOT NULL), CONSTRAINT "PK_d210b9143572b7e8179c15f5f2a" PRIMARY KEY ("user_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "push_vapid_key" ("id" integer NOT NULL, "public_key" text NOT NULL, "private_key" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "push_vapid_key_one_row" CHECK (id = 1), CONSTRAINT "PK_bbd9558e2bcc09b6c131fc7008b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'ALTER TABLE "push_subscription" ADD CONSTRAINT "FK_ae9b58d71ea5fff546507fae207" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "notification_setting" ADD CONSTRAINT "FK_d210b9143572b7e8179c15f5f2a" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "notification_setting" DROP CONSTRAINT "FK_d210b9143572b7e8179c15f5f2a"');
    await queryRunner.query('ALTER TABLE "push_subscription" DROP CONSTRAINT "FK_ae9b58d71ea5fff546507fae207"');
    await queryRunner.query('DROP TABLE "push_vapid_key"');
    await queryRunner.query('DROP TABLE "notification_setting"');
    await queryRunner.query('DROP INDEX "public"."IDX_a1b95faa8fc8cfdb5bf163c9d2"');
    await queryRunner.query('DROP INDEX "public"."IDX_ae9b58d71ea5fff546507fae20"');
    await queryRunner.query('DROP TABLE "push_subscription"');
  }
}
