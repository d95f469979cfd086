-- Every SQL statement of @brygga/bevakning, by file and function (test/sql-snapshots.spec.ts).
-- Generated: `npm run sql:snapshots` rewrites it; the test fails when it is stale. ${…} is a part
-- composed in code (a fragment, an identifier or a list of placeholders).

-- src/alerts.service.ts · ALERT_SELECT
SELECT a.id, a.thread_id, a.kind, a.level, a.due_at, a.text, a.unit_ids, a.raised_at, a.state,
a.seen_by_user_id, su.given_name || ' ' || su.family_name AS seen_by_name, a.seen_at,
a.handled_by_user_id, hu.given_name || ' ' || hu.family_name AS handled_by_name, a.handled_at
FROM thread_alert a LEFT JOIN directory_person su ON su.id = a.seen_by_user_id LEFT JOIN directory_person hu ON hu.id = a.handled_by_user_id;

-- src/alerts.service.ts · AlertsService.mark.dto
UPDATE thread_alert SET state = $2, seen_by_user_id = coalesce(seen_by_user_id, $3), seen_at = coalesce(seen_at, now())${handled}
WHERE id = $1;

-- src/bevakning.job.ts · BevakningJob.sweep.result
SELECT pg_try_advisory_xact_lock($1) AS locked;

-- src/bevakning.job.ts · BevakningJob.sweep.result.facts
SELECT t.id, t.owner_unit_id, t.patient_id,
ARRAY(SELECT tp.unit_id FROM thread_participant tp JOIN directory_unit u ON u.id = tp.unit_id
WHERE tp.thread_id = t.id AND u.organisation_kind IS DISTINCT FROM 'hemtjanst') AS unit_ids
FROM thread t WHERE t.id = ANY($1::uuid[]);

-- src/bevakning.job.ts · BevakningJob.sweep.result
INSERT INTO deadline_warning (thread_id, warning_key, kind, level, due_at, unit_ids, text, message_seq)
VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7, 0) ON CONFLICT ON CONSTRAINT deadline_warning_once DO NOTHING RETURNING id;

-- src/bevakning.job.ts · BevakningJob.sweep.result
INSERT INTO thread_alert (thread_id, kind, level, due_at, text, unit_ids, warning_id, raised_at, state)
VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7, $8, 'ny')
ON CONFLICT ON CONSTRAINT thread_alert_once DO UPDATE SET level = EXCLUDED.level, due_at = EXCLUDED.due_at, text = EXCLUDED.text,
unit_ids = ARRAY(SELECT DISTINCT unnest(thread_alert.unit_ids || EXCLUDED.unit_ids)), warning_id = EXCLUDED.warning_id,
raised_at = EXCLUDED.raised_at, state = 'ny', seen_by_user_id = NULL, seen_at = NULL, handled_by_user_id = NULL, handled_at = NULL
RETURNING id;

-- src/bevakning.job.ts · BevakningJob.find.rows
SELECT id FROM thread WHERE status IN ${ACTIVE};

-- src/bevakning.job.ts · BevakningJob.find.unread
SELECT m.thread_id, m.seq, m.kind, m.created_at, m.author_unit_id, tp.unit_id, u.name AS unit_name
FROM message m
JOIN thread t ON t.id = m.thread_id AND t.status IN ${ACTIVE}
JOIN thread_participant tp ON tp.thread_id = m.thread_id AND tp.unit_id <> m.author_unit_id
JOIN directory_unit u ON u.id = tp.unit_id
WHERE m.kind = ANY($1::text[]) AND m.created_at <= $2::timestamptz - make_interval(hours => $3) AND m.created_at > $2::timestamptz - interval '14 days'
AND NOT EXISTS (SELECT 1 FROM read_receipt r WHERE r.message_id = m.id AND r.unit_id = tp.unit_id)
AND NOT EXISTS (SELECT 1 FROM deadline_warning w WHERE w.thread_id = m.thread_id AND w.warning_key = 'olast:' || m.seq || ':' || tp.unit_id);

-- src/demo-threads.ts · DemoThreads.onApplicationBootstrap.loaded
SELECT pg_advisory_xact_lock($1);

-- src/demo-threads.ts · DemoThreads.onApplicationBootstrap.loaded
SELECT count(*)::int AS n FROM thread WHERE idempotency_key LIKE 'demo:%';

-- src/demo-threads.ts · DemoThreads.onApplicationBootstrap.loaded.ids
SELECT key, id FROM directory_unit UNION ALL SELECT key, id FROM directory_person WHERE key = 'karin.lindqvist';

-- src/demo-threads.ts · DemoThreads.create
INSERT INTO thread (patient_id, owner_unit_id, patient_given_name, patient_family_name, status, triage, admitted_at, planned_discharge_date,
utskrivningsklar_at, discharged_at, hemgangsklar_at, created_by_user_id, idempotency_key, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $7) RETURNING id;

-- src/demo-threads.ts · DemoThreads.create
INSERT INTO thread_participant (thread_id, unit_id) SELECT $1, unnest($2::uuid[]);
