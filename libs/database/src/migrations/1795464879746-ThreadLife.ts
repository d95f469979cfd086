import { MigrationInterface, QueryRunner } from 'typeorm';

export class ThreadLife1795464879746 implements MigrationInterface {
  name = 'ThreadLife1795464879746';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "thread_fact" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "thread_id" uuid NOT NULL, "key" text NOT NULL, "version" integer NOT NULL, "value" jsonb NOT NULL, "set_by_user_id" uuid NOT NULL, "set_by_unit_id" uuid NOT NULL, "set_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "thread_fact_key_version" UNIQUE ("thread_id", "key", "version"), CONSTRAINT "PK_3cb09dbcdc3a104fbffe034196a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'ALTER TABLE "thread_fact" ADD CONSTRAINT "FK_437f243bcf713a48d7dfea0bea2" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "thread_fact" ADD CONSTRAINT "FK_211662d8b3ae6060885b5a98054" FOREIGN KEY ("set_by_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "thread_fact" ADD CONSTRAINT "FK_64baa0110cb27fb92d3ce155451" FOREIGN KEY ("set_by_unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    // A fact's history is kept: a change is a new version, never an edit.
    await queryRunner.query(
      'CREATE TRIGGER thread_fact_append_only BEFORE UPDATE OR DELETE ON thread_fact FOR EACH ROW EXECUTE FUNCTION brygga_refuse_change()',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER thread_fact_append_only ON thread_fact');
    await queryRunner.query('ALTER TABLE "thread_fact" DROP CONSTRAINT "FK_64baa0110cb27fb92d3ce155451"');
    await queryRunner.query('ALTER TABLE "thread_fact" DROP CONSTRAINT "FK_211662d8b3ae6060885b5a98054"');
    await queryRunner.query('ALTER TABLE "thread_fact" DROP CONSTRAINT "FK_437f243bcf713a48d7dfea0bea2"');
    await queryRunner.query('DROP TABLE "thread_fact"');
  }
}
