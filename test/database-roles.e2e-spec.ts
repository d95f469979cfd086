import { Client } from 'pg';
import { TestApi } from './support/harness';

/**
 * The application's database role: what an attacker who takes the api's credentials gets. Every
 * other e2e test runs the api as this role too, so they show that its grants suffice.
 */
describe('database roles', () => {
  let api: TestApi;
  let app: Client;

  beforeAll(async () => {
    api = await TestApi.start();
    const unit = await api.unit('slutenvard');
    const reviewer = await api.user(unit, 'logggranskare');
    await api.request(reviewer, 'GET', '/api/audit/verify'); // rows and sealed links to attack
    app = new Client({ connectionString: api.databaseUrl });
    await app.connect();
  });
  afterAll(async () => {
    await app.end();
    await api.close();
  });

  it('is neither superuser nor the owner of any table', async () => {
    const { rows } = await app.query(
      `SELECT r.rolsuper, r.rolcreaterole, r.rolcreatedb, current_user AS me,
              (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND pg_has_role(current_user, c.relowner, 'USAGE')) AS owned
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(rows[0]).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, me: 'brygga_app', owned: 0 });
    const [{ owner }] = await api.dataSource.query(`SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname = 'audit_log'`);
    expect(owner).toBe('brygga_owner');
  });

  it.each([
    ['DELETE', 'DELETE FROM audit_log'],
    ['UPDATE', `UPDATE audit_log SET action = 'x'`],
    ['TRUNCATE', 'TRUNCATE audit_log'],
    ['DELETE on the chain', 'DELETE FROM audit_chain'],
    ['UPDATE on the chain', 'UPDATE audit_chain SET hash = hash'],
    ['TRUNCATE on the chain', 'TRUNCATE audit_chain'],
  ])('refuses %s on the access log', async (_what, sql) => {
    await expect(app.query(sql)).rejects.toThrow(/permission denied/);
  });

  it.each([
    ['disabling a trigger', 'ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only'],
    ['disabling all triggers', 'ALTER TABLE audit_log DISABLE TRIGGER ALL'],
    ['dropping a trigger', 'DROP TRIGGER audit_log_append_only ON audit_log'],
    ['session_replication_role', 'SET session_replication_role = replica'],
    ['creating a table', 'CREATE TABLE planted (x int)'],
    [
      'replacing the trigger function',
      `CREATE OR REPLACE FUNCTION brygga_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$`,
    ],
    ['running shell commands', `COPY (SELECT 1) TO PROGRAM 'true'`],
  ])('refuses %s', async (_what, sql) => {
    await expect(app.query(sql)).rejects.toThrow(/must be owner|permission denied|must be superuser/);
  });

  it('leaves the owner role held by the append-only trigger, without replication role', async () => {
    const before = await app.query('SELECT count(*)::int AS c FROM audit_log');
    expect(before.rows[0].c).toBeGreaterThan(0);
    // The owner (migrations) is still held by the append-only trigger.
    const owner = new Client({ connectionString: api.nodeEnv.DATABASE_OWNER_URL });
    await owner.connect();
    try {
      // The app role is refused by its grants (other test files); the trigger still holds the owner.
      for (const table of ['audit_log', 'audit_chain']) await expect(owner.query(`DELETE FROM ${table}`)).rejects.toThrow(/append-only/);
      for (const table of ['audit_log', 'audit_chain', 'message', 'checklist_template', 'checklist_item_change']) {
        await expect(owner.query(`TRUNCATE ${table} CASCADE`)).rejects.toThrow(/append-only/);
      }
      await expect(owner.query('SET session_replication_role = replica')).rejects.toThrow(/permission denied/);
    } finally {
      await owner.end();
    }
  });

  it('lets the app role read the read faces (views) but not write through them', async () => {
    const { rows } = await app.query(
      `SELECT viewname AS view, has_table_privilege(viewname, 'SELECT') AS reads,
              has_table_privilege(viewname, 'INSERT') OR has_table_privilege(viewname, 'UPDATE') OR has_table_privilege(viewname, 'DELETE') AS writes
         FROM pg_views WHERE schemaname = 'public' ORDER BY viewname`,
    );
    expect(rows.map((r: { view: string }) => r.view)).toEqual(
      expect.arrayContaining(['directory_person', 'directory_unit', 'patients_identity', 'threads_scope']),
    );
    expect(rows.filter((r: { reads: boolean; writes: boolean }) => !r.reads || r.writes)).toEqual([]);
    // A one-table view would be updatable: the grant, not the view's shape, refuses it.
    await expect(app.query('UPDATE patients_identity SET given_name = given_name')).rejects.toThrow(/permission denied/);
    await expect(app.query('UPDATE directory_person SET given_name = given_name')).rejects.toThrow(/permission denied/);
  });

  it('grants tables that later migrations add without anyone remembering to', async () => {
    const owner = new Client({ connectionString: api.nodeEnv.DATABASE_OWNER_URL });
    await owner.connect();
    try {
      await owner.query('CREATE TABLE later_feature (id int PRIMARY KEY)');
      await app.query('INSERT INTO later_feature VALUES (1)');
      await app.query('DELETE FROM later_feature');
      await expect(app.query('TRUNCATE later_feature')).rejects.toThrow(/permission denied/);
      await expect(app.query('DROP TABLE later_feature')).rejects.toThrow(/must be owner/);
    } finally {
      await owner.query('DROP TABLE later_feature');
      await owner.end();
    }
  });
});
