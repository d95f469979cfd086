-- Every SQL statement of @brygga/sip-plan, by file and function (test/sql-snapshots.spec.ts).
-- Generated: `npm run sql:snapshots` rewrites it; the test fails when it is stale. ${…} is a part
-- composed in code (a fragment, an identifier or a list of placeholders).

-- src/sip-plan.outcomes.ts · sipOutcomeRows.versions
SELECT thread_id, version, content->>'motesdatum' AS motesdatum, content->>'plats' AS plats, content->>'typ' AS typ
FROM sip_plan_version WHERE thread_id = ANY($1::uuid[]);

-- src/sip-plan.outcomes.ts · sipOutcomeRows.evaluations
SELECT DISTINCT ON (thread_id) thread_id, goal_results FROM sip_plan_entry
WHERE thread_id = ANY($1::uuid[]) AND kind = 'utvardering' ORDER BY thread_id, held_on DESC, created_at DESC;

-- src/sip-plan.published.ts · publishedSipPlan
SELECT content, created_at FROM sip_plan_version WHERE thread_id = $1 ORDER BY version DESC LIMIT 1;

-- src/sip-plan.published.ts · publishedSipPlan.units
SELECT id, name FROM directory_unit WHERE id = ANY($1::uuid[]);

-- src/sip-plan.queries.ts · latestVersion
SELECT v.id, v.version, v.content, v.created_at, u.name AS unit_name FROM sip_plan_version v JOIN directory_unit u ON u.id = v.created_by_unit_id
WHERE v.thread_id = $1 ORDER BY v.version DESC LIMIT 1;

-- src/sip-plan.queries.ts · history
SELECT v.version, v.created_at, u.name AS unit_name FROM sip_plan_version v JOIN directory_unit u ON u.id = v.created_by_unit_id
WHERE v.thread_id = $1 ORDER BY v.version DESC;

-- src/sip-plan.queries.ts · insertVersion
INSERT INTO sip_plan_version (thread_id, version, content, created_by_user_id, created_by_unit_id) VALUES ($1, $2, $3::jsonb, $4, $5);

-- src/sip-plan.queries.ts · acceptances
SELECT a.unit_id, u.name AS unit_name, a.accepted_at FROM sip_plan_acceptance a JOIN directory_unit u ON u.id = a.unit_id
WHERE a.version_id = $1 ORDER BY a.accepted_at;

-- src/sip-plan.queries.ts · insertAcceptance.rows
INSERT INTO sip_plan_acceptance (version_id, unit_id, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING unit_id;

-- src/sip-plan.queries.ts · insertEntry
INSERT INTO sip_plan_entry (thread_id, version_id, kind, held_on, text, goal_results, created_by_user_id, created_by_unit_id)
VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8);

-- src/sip-plan.queries.ts · entries.rows
SELECT e.id, v.version, e.kind, to_char(e.held_on, 'YYYY-MM-DD') AS held_on, e.text, e.goal_results, u.name AS unit_name, e.created_at
FROM sip_plan_entry e JOIN sip_plan_version v ON v.id = e.version_id JOIN directory_unit u ON u.id = e.created_by_unit_id
WHERE e.thread_id = $1 ORDER BY e.held_on, e.created_at;

-- src/sip-plan.queries.ts · unitNames.rows
SELECT u.id, u.name, u.organisation_name AS organisation FROM directory_unit u WHERE u.id = ANY($1::uuid[]);
