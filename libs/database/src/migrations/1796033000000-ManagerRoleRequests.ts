import { MigrationInterface, QueryRunner } from 'typeorm';

const ROLES = `'koordinator', 'handlaggare', 'sjukskoterska', 'utforare', 'lakare', 'logggranskare', 'admin', 'enhetschef'`;

/**
 * The manager role in membership requests on every database. ManagerRole1796025100000 runs before
 * the migration that creates membership_request on a fresh database, which then creates it with
 * the roles of its time; this one, later than both, widens the check wherever it stands.
 */
export class ManagerRoleRequests1796033000000 implements MigrationInterface {
  name = 'ManagerRoleRequests1796033000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "membership_request" DROP CONSTRAINT "membership_request_role_check"');
    await queryRunner.query(`ALTER TABLE "membership_request" ADD CONSTRAINT "membership_request_role_check" CHECK (role IN (${ROLES}))`);
  }

  async down(): Promise<void> {
    // ManagerRole1796025100000's down narrows the check again and removes the role's rows.
  }
}
