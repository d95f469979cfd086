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

-- src/bevakning.job.ts · BevakningJob.find.warned
SELECT thread_id || ':' || warning_key AS key FROM deadline_warning WHERE thread_id = ANY($1::uuid[]) AND starts_with(warning_key, 'olast:');

-- src/demo-threads.ts · DemoThreads.onApplicationBootstrap.loaded
SELECT pg_advisory_xact_lock($1);

-- src/demo-threads.ts · DemoThreads.onApplicationBootstrap.loaded.ids
SELECT key, id FROM directory_unit UNION ALL SELECT key, id FROM directory_person WHERE key IN ('karin.lindqvist', 'anna.persson', 'eva.svensson');
