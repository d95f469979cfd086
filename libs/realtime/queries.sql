-- Every SQL statement of @brygga/realtime, by file and function (test/sql-snapshots.spec.ts).
-- Generated: `npm run sql:snapshots` rewrites it; the test fails when it is stale. ${…} is a part
-- composed in code (a fragment, an identifier or a list of placeholders).

-- src/access-recheck.ts · participantsOf.rows
SELECT thread_id, array_agg(unit_id) AS unit_ids FROM thread_participant WHERE thread_id = ANY($1::uuid[]) GROUP BY thread_id;

-- src/push-log.ts · PushLog.flush.patients
SELECT id, patient_id FROM thread WHERE id = ANY($1::uuid[]);
