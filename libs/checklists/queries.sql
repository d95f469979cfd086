-- Every SQL statement of @brygga/checklists, by file and function (test/sql-snapshots.spec.ts).
-- Generated: `npm run sql:snapshots` rewrites it; the test fails when it is stale. ${…} is a part
-- composed in code (a fragment, an identifier or a list of placeholders).

-- src/checklist.queries.ts · CHECKLIST_SELECT
SELECT c.id, c.template_id, c.template_key, c.template_version, c.name, c.created_at,
c.applied_by_user_id, au.given_name || ' ' || au.family_name AS applied_by_name,
c.applied_by_unit_id, un.name AS applied_by_unit_name
FROM checklist c JOIN directory_person au ON au.id = c.applied_by_user_id JOIN directory_unit un ON un.id = c.applied_by_unit_id;

-- src/checklist.queries.ts · ITEM_SELECT
SELECT i.id, i.checklist_id, i.key, i.position, i.definition, i.state, i.value, i.version, i.updated_at,
i.updated_by_user_id, uu.given_name || ' ' || uu.family_name AS updated_by_name,
i.updated_by_unit_id, un.name AS updated_by_unit_name
FROM checklist_item i LEFT JOIN directory_person uu ON uu.id = i.updated_by_user_id LEFT JOIN directory_unit un ON un.id = i.updated_by_unit_id;

-- src/checklists.service.ts · ChecklistsService.apply.result
SELECT organisation_id FROM directory_unit WHERE id = $1;

-- src/checklists.service.ts · ChecklistsService.changeItem.result
UPDATE checklist_item SET state = $4, value = $5::jsonb, version = version + 1, updated_at = now(),
updated_by_user_id = $6, updated_by_unit_id = $7
WHERE id = $1 AND thread_id = $2 AND version = $3 RETURNING version;

-- src/checklists.service.ts · ChecklistsService.changeItem.result
SELECT name FROM checklist WHERE id = $1 AND thread_id = $2;

-- src/checklists.service.ts · ChecklistsService.setNotNeeded.result
UPDATE checklist_item SET state = $3, value = $4::jsonb, version = version + 1, updated_at = now(),
updated_by_user_id = $5, updated_by_unit_id = $6
WHERE id = $1 AND thread_id = $2;

-- src/checklists.service.ts · ChecklistsService.earlierChange.rows
SELECT 1 FROM checklist_item_change WHERE item_id = $1 AND changed_by_user_id = $2 AND idempotency_key = $3;

-- src/checklists.service.ts · ChecklistsService.history.rows
SELECT h.version, h.changed_at, h.changed_by_user_id, u.given_name || ' ' || u.family_name AS changed_by_name,
h.changed_by_unit_id, un.name AS changed_by_unit_name, h.state_before, h.state_after, h.value_before, h.value_after, h.message_id
FROM checklist_item_change h JOIN directory_person u ON u.id = h.changed_by_user_id JOIN directory_unit un ON un.id = h.changed_by_unit_id
WHERE h.thread_id = $1 AND h.item_id = $2 ORDER BY h.version;

-- src/plan-facts.queries.ts · loadPlanFacts
SELECT c.changed_at FROM checklist_item_change c JOIN checklist_item i ON i.id = c.item_id
WHERE c.thread_id = $1 AND i.key = 'upphamtning' AND c.value_before IS NOT NULL AND c.value_after IS NOT NULL
AND c.value_before <> c.value_after
ORDER BY c.changed_at DESC LIMIT 1;

-- src/task-sources.ts · checklistItemTasks
SELECT 'punkt'::text AS kind, i.thread_id, s.unit_id, i.id AS ref_id, ${PLANNED} AS due_at,
coalesce(${PLANNED}, c.created_at) AS sort_at,
'punkt:' || lpad(i.position::text, 4, '0') || ':' || i.id || ':' || s.unit_id AS key,
jsonb_build_object('checklistId', c.id, 'checklist', c.name, 'definition', i.definition, 'state', i.state) AS detail
FROM checklist_item i JOIN checklist c ON c.id = i.checklist_id
JOIN ${TASK_SCOPE} s ON s.thread_id = i.thread_id AND s.org_kind = i.definition->>'responsible'
WHERE i.state NOT IN ('klar', 'ej_aktuell') AND (i.definition->>'required')::boolean AND s.discharged_at IS NULL AND ${APPLIES};

-- src/templates.service.ts · TEMPLATE_SELECT
SELECT t.id, t.key, t.version, t.organisation_id, t.name, t.description, t.items, t.created_at, t.created_by_user_id,
u.given_name || ' ' || u.family_name AS created_by_name
FROM checklist_template t LEFT JOIN directory_person u ON u.id = t.created_by_user_id;

-- src/templates.service.ts · TemplatesService.onApplicationBootstrap.added
SELECT pg_advisory_xact_lock($1);

-- src/templates.service.ts · TemplatesService.list.rows
SELECT DISTINCT ON (e.id) e.* FROM (SELECT o AS org FROM unnest($1::uuid[]) o) scopes
CROSS JOIN LATERAL (SELECT DISTINCT key FROM checklist_template) k
CROSS JOIN LATERAL (${TEMPLATE_SELECT}
WHERE t.key = k.key AND (t.organisation_id = scopes.org OR t.organisation_id IS NULL)
ORDER BY t.organisation_id IS NULL, t.version DESC LIMIT 1) e
ORDER BY e.id;

-- src/templates.service.ts · TemplatesService.create
SELECT pg_advisory_xact_lock($1);

-- src/templates.service.ts · TemplatesService.create
SELECT max(version) AS latest FROM checklist_template WHERE key = $1 AND (organisation_id = $2 OR organisation_id IS NULL);

-- src/templates.service.ts · TemplatesService.latest
SELECT id FROM checklist_template WHERE key = $1 AND (organisation_id = $2 OR organisation_id IS NULL)
ORDER BY organisation_id IS NULL, version DESC LIMIT 1;
