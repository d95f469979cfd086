import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A checklist item's history and the template versions are append-only, enforced by the database
 * with the function AppendOnly1795449416767 created: a change to a template is a new version,
 * and a change to an item is a new history row.
 */
export class ChecklistsAppendOnly1795451097915 implements MigrationInterface {
  name = 'ChecklistsAppendOnly1795451097915';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['checklist_item_change', 'checklist_template']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION brygga_refuse_change()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION brygga_refuse_change()`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['checklist_item_change', 'checklist_template']) {
      await queryRunner.query(`DROP TRIGGER ${table}_no_truncate ON ${table}`);
      await queryRunner.query(`DROP TRIGGER ${table}_append_only ON ${table}`);
    }
  }
}
