-- Every SQL statement of @brygga/statistics, by file and function (test/sql-snapshots.spec.ts).
-- Generated: `npm run sql:snapshots` rewrites it; the test fails when it is stale. ${…} is a part
-- composed in code (a fragment, an identifier or a list of placeholders).

-- src/statistics.service.ts · STATISTICS_SQL
WITH scope AS (
SELECT tp.thread_id, array_agg(tp.unit_id) AS unit_ids
FROM thread_participant tp JOIN thread t ON t.id = tp.thread_id
WHERE tp.unit_id = ANY($1::uuid[]) AND coalesce(t.admitted_at, t.created_at) >= $2 AND coalesce(t.admitted_at, t.created_at) < $3
AND t.status <> 'makulerad'
GROUP BY tp.thread_id),
events AS (
SELECT m.thread_id, json_agg(json_build_object('id', m.id, 'seq', m.seq, 'kind', m.kind, 'sentAt', m.created_at,
'payload', m.payload, 'corrects', m.corrects_message_id) ORDER BY m.seq) AS events
FROM message m JOIN scope s ON s.thread_id = m.thread_id
WHERE m.kind = ANY('{${CLOCK_KINDS.join(',')}}'::text[]) GROUP BY m.thread_id),
kinds AS (
SELECT tp.thread_id, array_agg(DISTINCT u.organisation_kind) AS kinds
FROM thread_participant tp JOIN scope s ON s.thread_id = tp.thread_id
JOIN directory_unit u ON u.id = tp.unit_id
GROUP BY tp.thread_id),
readmitted AS (
SELECT DISTINCT t.id
FROM scope s JOIN thread t ON t.id = s.thread_id AND t.discharged_at IS NOT NULL
JOIN thread t2 ON t2.patient_id = t.patient_id AND t2.id <> t.id
JOIN message m2 ON m2.thread_id = t2.id AND m2.kind = 'inskrivningsmeddelande'
AND m2.created_at > t.discharged_at AND m2.created_at <= t.discharged_at + interval '30 days')
SELECT t.id, t.owner_unit_id, t.created_at, t.admitted_at, to_char(t.planned_discharge_date, 'YYYY-MM-DD') AS planned_discharge_date,
k.kinds, coalesce(e.events, '[]') AS events, t.triage, s.unit_ids, r.id IS NOT NULL AS readmitted
FROM scope s JOIN thread t ON t.id = s.thread_id JOIN kinds k ON k.thread_id = s.thread_id
LEFT JOIN events e ON e.thread_id = s.thread_id LEFT JOIN readmitted r ON r.id = s.thread_id;

-- src/statistics.service.ts · StatisticsService.run.units
SELECT u.id, u.name, u.organisation_kind AS kind FROM directory_unit u
WHERE u.organisation_id = ANY($1::uuid[]) ORDER BY u.name;

-- src/statistics.service.ts · StatisticsService.run
SET LOCAL enable_nestloop = off;

-- src/statistics.service.ts · StatisticsService.run.wardNames
SELECT id, name FROM directory_unit WHERE id = ANY($1::uuid[]) ORDER BY name;
