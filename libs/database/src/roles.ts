import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

/**
 * Least privilege in the database. Migrations run as an owner role that owns every table; the
 * application runs as a separate role that is neither superuser nor owner: it cannot change the
 * schema, disable a trigger, set `session_replication_role`, or update, delete or truncate the
 * append-only tables (the access log, its chain, messages, template versions, item history).
 */
export const OWNER_ROLE = 'brygga_owner';
export const APP_ROLE = 'brygga_app';

/** Double-quoted identifier; role names come from configuration, never from requests. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** As a superuser: creates the two roles (or resets their passwords). */
export async function ensureRoles(superuser: Queryable, passwords: { owner: string; app: string }): Promise<void> {
  const roles: [string, string][] = [
    [OWNER_ROLE, passwords.owner],
    [APP_ROLE, passwords.app],
  ];
  for (const [role, password] of roles) {
    const found = (await superuser.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])) as unknown[] | { rows: unknown[] };
    const exists = (Array.isArray(found) ? found : found.rows).length > 0;
    const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${literal(password)}`;
    await superuser.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${ident(role)} WITH ${attributes}`);
  }
}

/**
 * As a superuser, in the application's database: hands every object in `public` to the owner
 * role (a cluster made before the roles existed has them owned by the superuser).
 */
export async function adoptObjects(superuser: Queryable, owner = OWNER_ROLE): Promise<void> {
  // Tables first: a sequence that belongs to a column moves with its table and cannot move alone.
  await superuser.query(`DO $$ DECLARE r record; BEGIN
    FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND pg_get_userbyid(c.relowner) <> ${literal(owner)} LOOP
      EXECUTE format('ALTER %s public.%I OWNER TO %I', CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, r.relname, ${literal(owner)});
    END LOOP;
    FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'public' AND c.relkind = 'S' AND pg_get_userbyid(c.relowner) <> ${literal(owner)} LOOP
      EXECUTE format('ALTER SEQUENCE public.%I OWNER TO %I', r.relname, ${literal(owner)});
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS f FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> ${literal(owner)} LOOP
      EXECUTE format('ALTER FUNCTION %s OWNER TO %I', r.f, ${literal(owner)});
    END LOOP;
  END $$`);
}

/**
 * As the owner, after migrations, on every start: grants the application role what it needs.
 * Tables that a later migration adds are covered twice over: default privileges give them to the
 * app role as they are created, and this step runs again after every migration run. A table with
 * a `brygga_refuse_change` trigger (append-only) gets only SELECT and INSERT, a view (a library's
 * read face) only SELECT. TRUNCATE and DDL are never granted. Nobody has to remember a grant in a
 * new migration.
 *
 * `appRole` is the user name of DATABASE_URL. If that role does not exist and the owner may
 * create roles, it is created with the password of that URL ("one owner URL" set-ups).
 */
export async function grantAppRole(owner: DataSource, appRole: string, appPassword?: string): Promise<void> {
  const logger = new Logger('DatabaseRoles');
  const [me]: { current_user: string; rolsuper: boolean; rolcreaterole: boolean }[] = await owner.query(
    'SELECT current_user, r.rolsuper, r.rolcreaterole FROM pg_roles r WHERE r.rolname = current_user',
  );
  if (me.current_user === appRole) return; // one role for both: nothing to grant (see checkAppRole)
  const exists = ((await owner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [appRole])) as unknown[]).length > 0;
  if (!exists) {
    if (!(me.rolsuper || me.rolcreaterole) || !appPassword)
      throw new Error(`The database role ${appRole} (DATABASE_URL) does not exist; create it (docs/operations.md: Database roles).`);
    await owner.query(
      `CREATE ROLE ${ident(appRole)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${literal(appPassword)}`,
    );
    logger.log(`Created the application's database role ${appRole}`);
  }
  const app = ident(appRole);
  const appendOnly: { table: string }[] = await owner.query(
    `SELECT DISTINCT c.relname AS table FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_proc p ON p.oid = t.tgfoid WHERE n.nspname = 'public' AND p.proname = 'brygga_refuse_change'`,
  );
  // Views are read faces (an owner's columns for other libraries): read, never written through.
  const views: { view: string }[] = await owner.query(`SELECT viewname AS view FROM pg_views WHERE schemaname = 'public'`);
  const statements = [
    `GRANT CONNECT ON DATABASE ${ident(((await owner.query('SELECT current_database() AS d')) as { d: string }[])[0].d)} TO ${app}`,
    'REVOKE CREATE ON SCHEMA public FROM PUBLIC',
    `GRANT USAGE ON SCHEMA public TO ${app}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`,
    `REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${app}`,
    `REVOKE INSERT, UPDATE, DELETE ON schema_migration FROM ${app}`,
    ...appendOnly.map(({ table }) => `REVOKE UPDATE, DELETE ON ${ident(table)} FROM ${app}`),
    ...views.map(({ view }) => `REVOKE INSERT, UPDATE, DELETE ON ${ident(view)} FROM ${app}`),
  ];
  for (const sql of statements) await owner.query(sql);
}

/**
 * The application's own connection: says so loudly when its role could rewrite the access log
 * (a superuser, or the owner of audit_log), as when one URL serves migrations and the app.
 */
export async function checkAppRole(app: DataSource): Promise<string | null> {
  const [row]: { rolsuper: boolean; owns: boolean }[] = await app.query(
    `SELECT r.rolsuper, EXISTS (SELECT 1 FROM pg_class c WHERE c.relname = 'audit_log' AND pg_has_role(current_user, c.relowner, 'USAGE')) AS owns
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  if (row?.rolsuper) return 'superuser';
  if (row?.owns) return 'owner of the access log';
  return null;
}
