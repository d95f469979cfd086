-- Every SQL statement of @brygga/directory, by file and function (test/sql-snapshots.spec.ts).
-- Generated: `npm run sql:snapshots` rewrites it; the test fails when it is stale. ${…} is a part
-- composed in code (a fragment, an identifier or a list of placeholders).

-- src/demo-seed.ts · loadSeed
SELECT pg_advisory_xact_lock($1);

-- src/directory.lookups.ts · userNames.rows
SELECT id, given_name || ' ' || family_name AS name FROM app_user WHERE id = ANY($1::uuid[]);

-- src/directory.lookups.ts · unitNames.rows
SELECT id, name FROM unit WHERE id = ANY($1::uuid[]);

-- src/directory.lookups.ts · unitOrganisations.rows
SELECT id, organisation_id FROM unit WHERE id = ANY($1::uuid[]);

-- src/directory.lookups.ts · userIdsByHsaIdOrPersonnummer.rows
SELECT id FROM app_user WHERE hsa_id = $1 OR personnummer = $1;

-- src/directory.lookups.ts · organisationUnitIds.rows
SELECT id FROM unit WHERE organisation_id = ANY($1::uuid[]) ORDER BY name, id;

-- src/directory.lookups.ts · unitIdsByHsaId.rows
SELECT id FROM unit WHERE hsa_id = ANY($1::text[]);

-- src/directory.lookups.ts · unitCard
SELECT name, hsa_id FROM unit WHERE id = $1;

-- src/directory.lookups.ts · usersInRoles.rows
SELECT DISTINCT user_id FROM membership WHERE user_id = ANY($1::uuid[]) AND role = ANY($2::text[]);

-- src/directory.service.ts · UNIT_SELECT
SELECT u.id, u.name, o.id AS organisation_id, o.name AS organisation_name, o.kind
FROM unit u JOIN organisation o ON o.id = u.organisation_id;

-- src/directory.service.ts · DirectoryService.loadActors.rows
SELECT au.id AS user_id, au.given_name || ' ' || au.family_name AS name, u.id AS unit_id, u.name AS unit_name,
o.id AS organisation_id, o.name AS organisation_name, o.kind, m.role
FROM app_user au
LEFT JOIN membership m ON m.user_id = au.id
LEFT JOIN unit u ON u.id = m.unit_id
LEFT JOIN organisation o ON o.id = u.organisation_id
WHERE au.id = ANY($1::uuid[]) ORDER BY u.name, m.role;

-- src/memberships.service.ts · MEMBER_SELECT
SELECT m.id AS membership_id, au.id AS user_id, au.given_name || ' ' || au.family_name AS name,
u.id AS unit_id, u.name AS unit_name, m.role
FROM membership m JOIN app_user au ON au.id = m.user_id JOIN unit u ON u.id = m.unit_id;

-- src/memberships.service.ts · REQUEST_SELECT
SELECT r.id AS request_id, au.id AS user_id, au.given_name || ' ' || au.family_name AS name, u.id AS unit_id, u.name AS unit_name,
u.organisation_id, r.role, r.reason, r.requested_by_user_id, rb.given_name || ' ' || rb.family_name AS requested_by_name,
r.requested_at, r.status, r.decided_by_user_id
FROM membership_request r JOIN app_user au ON au.id = r.user_id JOIN unit u ON u.id = r.unit_id
JOIN app_user rb ON rb.id = r.requested_by_user_id;

-- src/memberships.service.ts · MembershipsService.add.result
SELECT id, organisation_id FROM unit WHERE id = $1;

-- src/memberships.service.ts · MembershipsService.add.result
SELECT au.id, au.given_name || ' ' || au.family_name AS name,
(EXISTS (SELECT 1 FROM membership m JOIN unit mu ON mu.id = m.unit_id WHERE m.user_id = au.id)
AND NOT EXISTS (SELECT 1 FROM membership m JOIN unit mu ON mu.id = m.unit_id WHERE m.user_id = au.id AND mu.organisation_id = $2)) AS elsewhere
FROM app_user au WHERE au.id = $1;

-- src/memberships.service.ts · MembershipsService.add.result
SELECT 1 FROM membership WHERE user_id = $1 AND unit_id = $2 AND role = $3;

-- src/memberships.service.ts · MembershipsService.remove.removed
DELETE FROM membership WHERE id = $1;

-- src/memberships.service.ts · MembershipsService.approve.result
UPDATE membership_request SET status = 'approved', decided_by_user_id = $2, decided_at = now() WHERE id = $1;

-- src/memberships.service.ts · MembershipsService.reject
UPDATE membership_request SET status = 'rejected', decided_by_user_id = $2, decided_at = now() WHERE id = $1;

-- src/memberships.service.ts · MembershipsService.request
INSERT INTO membership_request (user_id, unit_id, role, reason, requested_by_user_id) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (user_id, unit_id, role) WHERE status = 'pending' DO NOTHING RETURNING id;

-- src/memberships.service.ts · MembershipsService.grant.inserted
INSERT INTO membership (user_id, unit_id, role) VALUES ($1, $2, $3) ON CONFLICT ON CONSTRAINT membership_user_unit_role DO NOTHING RETURNING id;
