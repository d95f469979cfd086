import { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = `'koordinator', 'handlaggare', 'sjukskoterska', 'utforare', 'lakare', 'logggranskare', 'admin'`;
const AFTER = `${BEFORE}, 'enhetschef'`;

/**
 * The manager role (vårdenhetschef / enhetschef): statistics.read for its own organisation (issue 25).
 * Migrations run in timestamp order, and this one's given prefix comes before the four-eyes
 * migration that creates membership_request: on a database that has that table it is widened
 * here; on a fresh one the table is created later with the roles of its time, and
 * ManagerRoleRequests1796033000000 widens it then.
 */
export class ManagerRole1796025100000 implements MigrationInterface {
  name = 'ManagerRole1796025100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.roles(queryRunner, AFTER);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (await this.hasRequests(queryRunner)) await queryRunner.query(`DELETE FROM "membership_request" WHERE role = 'enhetschef'`);
    await queryRunner.query(`DELETE FROM "membership" WHERE role = 'enhetschef'`);
    await this.roles(queryRunner, BEFORE);
  }

  private async roles(queryRunner: QueryRunner, roles: string): Promise<void> {
    await queryRunner.query('ALTER TABLE "membership" DROP CONSTRAINT "membership_role_check"');
    await queryRunner.query(`ALTER TABLE "membership" ADD CONSTRAINT "membership_role_check" CHECK (role IN (${roles}))`);
    if (!(await this.hasRequests(queryRunner))) return;
    await queryRunner.query('ALTER TABLE "membership_request" DROP CONSTRAINT "membership_request_role_check"');
    await queryRunner.query(`ALTER TABLE "membership_request" ADD CONSTRAINT "membership_request_role_check" CHECK (role IN (${roles}))`);
  }

  private async hasRequests(queryRunner: QueryRunner): Promise<boolean> {
    const [row]: { exists: boolean }[] = await queryRunner.query(`SELECT to_regclass('membership_request') IS NOT NULL AS exists`);
    return row.exists;
  }
}
