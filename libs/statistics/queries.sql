-- Every SQL statement of @brygga/statistics, by file and function (test/sql-snapshots.spec.ts).
-- Generated: `npm run sql:snapshots` rewrites it; the test fails when it is stale. ${…} is a part
-- composed in code (a fragment, an identifier or a list of placeholders).

-- src/statistics.service.ts · StatisticsService.run.units
SELECT u.id, u.name, u.organisation_kind AS kind FROM directory_unit u
WHERE u.organisation_id = ANY($1::uuid[]) ORDER BY u.name;

-- src/statistics.service.ts · StatisticsService.run.wardNames
SELECT id, name FROM directory_unit WHERE id = ANY($1::uuid[]) ORDER BY name;
