-- Every SQL statement of @brygga/deadlines, by file and function (test/sql-snapshots.spec.ts).
-- Generated: `npm run sql:snapshots` rewrites it; the test fails when it is stale. ${…} is a part
-- composed in code (a fragment, an identifier or a list of placeholders).

-- src/past-events.ts · insertPastEvent
WITH s AS (UPDATE thread SET last_seq = last_seq + 1, updated_at = greatest(updated_at, $8) WHERE id = $1 RETURNING last_seq)
INSERT INTO message (thread_id, seq, kind, body, payload, author_user_id, author_unit_id, idempotency_key, request_hash, created_at)
SELECT $1, s.last_seq, $2, $3, $4::jsonb, $5, $6, $7, 'past', $8 FROM s RETURNING seq;

-- src/thread-clocks.ts · CLOCK_SELECT
SELECT t.id, t.status AS thread_status, t.created_at, t.admitted_at, to_char(t.planned_discharge_date, 'YYYY-MM-DD') AS planned_discharge_date,
ARRAY(SELECT DISTINCT u.organisation_kind FROM thread_participant tp JOIN directory_unit u ON u.id = tp.unit_id
WHERE tp.thread_id = t.id) AS kinds,
COALESCE((SELECT json_agg(json_build_object('id', m.id, 'seq', m.seq, 'kind', m.kind, 'sentAt', m.created_at,
'payload', m.payload, 'corrects', m.corrects_message_id) ORDER BY m.seq)
FROM message m WHERE m.thread_id = t.id AND m.kind = ANY('{${CLOCK_KINDS.join(',')}}'::text[])), '[]') AS events
FROM thread t WHERE t.id IN (${threads});

-- src/thread-clocks.ts · ThreadClocks.forThreads.rows
SELECT unnest($1::uuid[]);
