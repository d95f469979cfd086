-- Every SQL statement of @brygga/database, by file and function (test/sql-snapshots.spec.ts).
-- Generated: `npm run sql:snapshots` rewrites it; the test fails when it is stale. ${…} is a part
-- composed in code (a fragment, an identifier or a list of placeholders).

-- src/cache-invalidation.ts · CacheInvalidation.connect
LISTEN ${CACHE_CHANNEL};

-- src/cache-invalidation.ts · CacheInvalidation.checkAlive
SELECT 1;

-- src/database.module.ts · runMigrations
SELECT pg_advisory_lock($1);

-- src/database.module.ts · runMigrations
SELECT pg_advisory_unlock($1);

-- src/embedded-postgres.ts · EmbeddedPostgres.prepareApplicationDatabase.found
SELECT 1 FROM pg_database WHERE datname = $1;

-- src/embedded-postgres.ts · EmbeddedPostgres.prepareApplicationDatabase
CREATE DATABASE ${ident(name)} OWNER ${ident(OWNER_ROLE)};

-- src/embedded-postgres.ts · EmbeddedPostgres.prepareApplicationDatabase
ALTER DATABASE ${ident(name)} OWNER TO ${ident(OWNER_ROLE)};

-- src/embedded-postgres.ts · EmbeddedPostgres.ensureDatabase.found
SELECT 1 FROM pg_database WHERE datname = $1;

-- src/embedded-postgres.ts · EmbeddedPostgres.ensureDatabase
CREATE DATABASE "${name.replace(/"/g, '')}";

-- src/installation.ts · installationId
INSERT INTO installation (id) VALUES ($1) ON CONFLICT (one) DO NOTHING;

-- src/installation.ts · installationId
SELECT id FROM installation;

-- src/outage.ts · WRITE_PROBE
SELECT count(*) FROM (SELECT g FROM generate_series(1, 100000) g ORDER BY g DESC OFFSET 0) spill;

-- src/outage.ts · DatabaseMonitor.writable
SET LOCAL work_mem = '64kB';

-- src/outage.ts · DatabaseMonitor.reachable
SELECT 1;

-- src/roles.ts · ensureRoles.found
SELECT 1 FROM pg_roles WHERE rolname = $1;

-- src/roles.ts · grantAppRole
SELECT current_user, r.rolsuper, r.rolcreaterole FROM pg_roles r WHERE r.rolname = current_user;

-- src/roles.ts · grantAppRole.exists
SELECT 1 FROM pg_roles WHERE rolname = $1;

-- src/roles.ts · grantAppRole
CREATE ROLE ${ident(appRole)} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${literal(appPassword)};

-- src/roles.ts · grantAppRole.appendOnly
SELECT DISTINCT c.relname AS table FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_proc p ON p.oid = t.tgfoid WHERE n.nspname = 'public' AND p.proname = 'brygga_refuse_change';

-- src/roles.ts · grantAppRole.views
SELECT viewname AS view FROM pg_views WHERE schemaname = 'public';

-- src/roles.ts · grantAppRole.statements
SELECT current_database() AS d;

-- src/roles.ts · grantAppRole.statements
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app};

-- src/roles.ts · grantAppRole.statements
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app};

-- src/roles.ts · checkAppRole
SELECT r.rolsuper, EXISTS (SELECT 1 FROM pg_class c WHERE c.relname = 'audit_log' AND pg_has_role(current_user, c.relowner, 'USAGE')) AS owns
FROM pg_roles r WHERE r.rolname = current_user;
