-- Every SQL statement of @brygga/threads, by file and function (test/sql-snapshots.spec.ts).
-- Generated: `npm run sql:snapshots` rewrites it; the test fails when it is stale. ${…} is a part
-- composed in code (a fragment, an identifier or a list of placeholders).

-- src/clock-reads.ts · CLOCK_SELECT
SELECT t.id, t.status AS thread_status, t.created_at, t.admitted_at, to_char(t.planned_discharge_date, 'YYYY-MM-DD') AS planned_discharge_date,
ARRAY(SELECT DISTINCT u.organisation_kind FROM thread_participant tp JOIN directory_unit u ON u.id = tp.unit_id
WHERE tp.thread_id = t.id) AS kinds,
COALESCE((SELECT json_agg(json_build_object('id', m.id, 'seq', m.seq, 'kind', m.kind, 'sentAt', m.created_at,
'payload', m.payload, 'corrects', m.corrects_message_id) ORDER BY m.seq)
FROM message m WHERE m.thread_id = t.id AND m.kind = ANY('{${CLOCK_KINDS.join(',')}}'::text[])), '[]') AS events
FROM thread t WHERE t.id IN (${threads});

-- src/clock-reads.ts · clocksOf.rows
SELECT unnest($1::uuid[]);

-- src/clock-reads.ts · PERIOD_CLOCKS_SQL
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

-- src/clock-reads.ts · periodClockRows
SET LOCAL enable_nestloop = off;

-- src/clock-reads.ts · clockRowsOfStatus
SELECT id FROM thread WHERE status = ANY($1::text[]);

-- src/message-answers.ts · checkAnswer
SELECT kind, author_unit_id, payload FROM message WHERE id = $1 AND thread_id = $2;

-- src/messages.service.ts · MessagesService.latestOfKinds.rows
SELECT DISTINCT ON (x.kind) * FROM (${MESSAGE_SELECT} WHERE m.thread_id = $1 AND m.kind = ANY($2::text[])) x ORDER BY x.kind, x.seq DESC;

-- src/past-events.ts · insertPastEvent
WITH s AS (UPDATE thread SET last_seq = last_seq + 1, updated_at = greatest(updated_at, $8) WHERE id = $1 RETURNING last_seq)
INSERT INTO message (thread_id, seq, kind, body, payload, author_user_id, author_unit_id, idempotency_key, request_hash, created_at)
SELECT $1, s.last_seq, $2, $3, $4::jsonb, $5, $6, $7, 'past', $8 FROM s RETURNING seq;

-- src/past-events.ts · insertPastThread
INSERT INTO thread (patient_id, owner_unit_id, patient_given_name, patient_family_name, status, triage, admitted_at, planned_discharge_date,
utskrivningsklar_at, discharged_at, hemgangsklar_at, created_by_user_id, idempotency_key, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id;

-- src/past-events.ts · insertPastThread
INSERT INTO thread_participant (thread_id, unit_id) SELECT $1, unnest($2::uuid[]);

-- src/past-events.ts · countThreadsWithKey
SELECT count(*)::int AS n FROM thread WHERE starts_with(idempotency_key, $1);

-- src/past-events.ts · countThreadsWithKey
SELECT count(*)::int AS n FROM thread WHERE idempotency_key = $1;

-- src/receipts.service.ts · ReceiptsService.markRead.result.inserted
INSERT INTO read_receipt (message_id, user_id, unit_id, read_at)
SELECT m.id, $2, $3, now() FROM message m
WHERE m.thread_id = $1 AND m.seq <= $4 AND m.author_user_id <> $2
ON CONFLICT DO NOTHING RETURNING message_id;

-- src/receipts.service.ts · ReceiptsService.forMyMessages.rows
SELECT m.id AS message_id, r.user_id, au.given_name || ' ' || au.family_name AS name, r.unit_id, un.name AS unit_name, r.read_at
FROM message m
JOIN read_receipt r ON r.message_id = m.id
JOIN directory_person au ON au.id = r.user_id
JOIN directory_unit un ON un.id = r.unit_id
WHERE m.thread_id = $1 AND m.author_user_id = $2
ORDER BY m.seq, r.read_at, name;

-- src/receipts.service.ts · ReceiptsService.forMessage
SELECT id FROM message WHERE id = $1 AND thread_id = $2;

-- src/receipts.service.ts · ReceiptsService.forMessage.rows
SELECT r.user_id, au.given_name || ' ' || au.family_name AS name, r.unit_id, un.name AS unit_name, r.read_at
FROM read_receipt r JOIN directory_person au ON au.id = r.user_id JOIN directory_unit un ON un.id = r.unit_id
WHERE r.message_id = $1 ORDER BY r.read_at, name;

-- src/task-sources.ts · pagedTasks.rows
SELECT y.kind, y.thread_id, y.unit_id, y.ref_id, y.due_at, date_trunc('milliseconds', y.sort_at) AS sort_at, y.key, y.detail
FROM (${source}) y;

-- src/task-sources.ts · pagedTasks
SELECT x.* FROM (${rows}) x ${after} ORDER BY x.sort_at, x.key LIMIT $${params.push(page.limit)};

-- src/task-sources.ts · sipAnswerTasks
SELECT 'sip_svar'::text AS kind, m.thread_id, s.unit_id, m.id AS ref_id,
(m.payload->>'motesTid')::timestamptz AS due_at, (m.payload->>'motesTid')::timestamptz AS sort_at,
'sip_svar:' || m.id || ':' || s.unit_id AS key,
jsonb_build_object('motesTid', m.payload->>'motesTid') AS detail
FROM message m JOIN ${TASK_SCOPE} s ON s.thread_id = m.thread_id
WHERE m.kind = 'sip_kallelse' AND (m.payload->'inbjudnaEnheter') ? s.unit_id::text
AND (m.payload->>'motesTid')::timestamptz > now()
AND NOT EXISTS (SELECT 1 FROM message c WHERE c.thread_id = m.thread_id AND c.corrects_message_id = m.id)
AND NOT EXISTS (SELECT 1 FROM message a WHERE a.thread_id = m.thread_id AND a.kind = 'sip_svar'
AND a.author_unit_id = s.unit_id AND a.payload->>'kallelseId' = m.id::text);

-- src/task-sources.ts · kvittensTasks
SELECT 'kvittens'::text AS kind, m.thread_id, s.unit_id, m.id AS ref_id, NULL::timestamptz AS due_at, m.created_at AS sort_at,
'kvittens:' || m.id || ':' || s.unit_id AS key, jsonb_build_object('messageKind', m.kind) AS detail
FROM message m JOIN ${TASK_SCOPE} s ON s.thread_id = m.thread_id
WHERE m.kind = ANY($3::text[]) AND s.org_kind = ANY($4::text[]) AND m.author_unit_id <> s.unit_id
AND NOT EXISTS (SELECT 1 FROM message c WHERE c.thread_id = m.thread_id AND c.corrects_message_id = m.id)
AND NOT EXISTS (SELECT 1 FROM message a WHERE a.thread_id = m.thread_id AND a.kind = 'kvittens'
AND a.author_unit_id = s.unit_id AND a.payload->>'meddelandeId' = m.id::text);

-- src/task-sources.ts · readinessTasks
SELECT 'redo'::text AS kind, s.thread_id, s.unit_id, s.thread_id AS ref_id, ${planned} AS due_at,
coalesce(${planned}, s.thread_created_at) AS sort_at, 'redo:' || s.thread_id || ':' || s.unit_id AS key,
jsonb_build_object('plannedDischargeDate', to_char(s.planned_discharge_date, 'YYYY-MM-DD'), 'withdrawn', r.kind IS NOT NULL) AS detail
FROM ${TASK_SCOPE} s
LEFT JOIN LATERAL (SELECT m.kind FROM message m WHERE m.thread_id = s.thread_id AND m.author_unit_id = s.unit_id
AND m.kind IN ('redo', 'redo_aterkallad') ORDER BY m.seq DESC LIMIT 1) r ON true
WHERE s.org_kind = ANY($3::text[]) AND s.discharged_at IS NULL AND s.thread_status <> 'utskriven' AND r.kind IS DISTINCT FROM 'redo';

-- src/thread-facts.service.ts · FACT_SELECT
SELECT f.key, f.value, f.version, f.set_by_user_id, au.given_name || ' ' || au.family_name AS set_by_name,
f.set_by_unit_id, un.name AS set_by_unit_name, f.set_at
FROM thread_fact f JOIN directory_person au ON au.id = f.set_by_user_id JOIN directory_unit un ON un.id = f.set_by_unit_id;

-- src/thread-facts.service.ts · loadFacts.rows
SELECT DISTINCT ON (f.key) * FROM (${FACT_SELECT} WHERE f.thread_id = $1) f ORDER BY f.key, f.version DESC;

-- src/thread-facts.service.ts · ThreadFactsService.set.result
SELECT max(version) AS current FROM thread_fact WHERE thread_id = $1 AND key = $2;

-- src/thread-inbox-clocks.ts · ThreadInboxClocks.refresh.stale
SELECT t.id FROM thread t LEFT JOIN thread_inbox_clock c ON c.thread_id = t.id
WHERE t.id IN (SELECT thread_id FROM thread_participant WHERE unit_id = ANY($1::uuid[]))
AND (c.thread_id IS NULL OR c.source <> ${SOURCE})
ORDER BY t.id;

-- src/thread-inbox-clocks.ts · ThreadInboxClocks.derive.rows
SELECT x.*, (SELECT ${SOURCE} FROM thread t WHERE t.id = x.id) AS source
FROM (${CLOCK_SELECT('SELECT unnest($1::uuid[])')}) x ORDER BY x.id;

-- src/thread-inbox-clocks.ts · ThreadInboxClocks.derive.rows
SELECT unnest($1::uuid[]);

-- src/thread-inbox-clocks.ts · ThreadInboxClocks.derive
INSERT INTO thread_inbox_clock (thread_id, source, clock_state, next_due_at)
SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[])
ON CONFLICT (thread_id) DO UPDATE SET source = EXCLUDED.source, clock_state = EXCLUDED.clock_state, next_due_at = EXCLUDED.next_due_at;

-- src/thread-life.service.ts · ThreadLifeService.transfer
UPDATE thread SET owner_unit_id = $2, former_owner_unit_ids = array_append(former_owner_unit_ids, owner_unit_id), updated_at = now() WHERE id = $1;

-- src/thread-life.service.ts · ThreadLifeService.change.result
SELECT array_agg(unit_id) AS participants FROM thread_participant WHERE thread_id = $1;

-- src/thread-life.service.ts · ThreadLifeService.change.result
SELECT status, owner_unit_id FROM thread WHERE id = $1;

-- src/thread-life.service.ts · ThreadLifeService.checkMunicipalityRemains
SELECT id FROM message WHERE thread_id = $1 AND kind = 'hemgangsbeslut' LIMIT 1;

-- src/thread-reads.ts · participantUnitsOf.rows
SELECT thread_id, array_agg(unit_id) AS unit_ids FROM thread_participant WHERE thread_id = ANY($1::uuid[]) GROUP BY thread_id;

-- src/thread-reads.ts · patientsOf.rows
SELECT id, patient_id FROM thread WHERE id = ANY($1::uuid[]);

-- src/thread-reads.ts · threadAuditFacts.rows
SELECT t.id, t.patient_id, ARRAY(SELECT tp.unit_id FROM thread_participant tp WHERE tp.thread_id = t.id) AS units
FROM thread t WHERE t.id = ANY($1::uuid[]);

-- src/thread-reads.ts · threadPatientCard
SELECT p.identity_type, p.identity_number, p.reserve_issuer, t.patient_given_name AS given_name, t.patient_family_name AS family_name, t.admitted_at
FROM thread t JOIN patients_identity p ON p.id = t.patient_id WHERE t.id = $1;

-- src/thread-reads.ts · openThreadsOfPatientWith.rows
SELECT t.id, EXISTS (SELECT 1 FROM thread_participant p WHERE p.thread_id = t.id AND p.unit_id = $3) AS also
FROM thread t
WHERE t.patient_id = $1 AND t.status NOT IN ('avslutad', 'makulerad')
AND EXISTS (SELECT 1 FROM thread_participant p WHERE p.thread_id = t.id AND p.unit_id = $2)
ORDER BY t.updated_at DESC;

-- src/thread-reads.ts · threadDatesOf
SELECT status, created_at, admitted_at, to_char(planned_discharge_date, 'YYYY-MM-DD') AS planned, discharged_at FROM thread WHERE id = $1;

-- src/thread-reads.ts · threadUnits.rows
SELECT t.id, t.owner_unit_id, t.patient_id,
ARRAY(SELECT tp.unit_id FROM thread_participant tp JOIN directory_unit u ON u.id = tp.unit_id
WHERE tp.thread_id = t.id AND u.organisation_kind IS DISTINCT FROM $2) AS unit_ids
FROM thread t WHERE t.id = ANY($1::uuid[]);

-- src/thread-reads.ts · unreadMessages.rows
SELECT m.thread_id, m.seq, m.kind, m.created_at, m.author_unit_id, tp.unit_id, u.name AS unit_name
FROM message m
JOIN thread t ON t.id = m.thread_id AND t.status = ANY($2::text[])
JOIN thread_participant tp ON tp.thread_id = m.thread_id AND tp.unit_id <> m.author_unit_id
JOIN directory_unit u ON u.id = tp.unit_id
WHERE m.kind = ANY($1::text[]) AND m.created_at <= $4 AND m.created_at > $3
AND NOT EXISTS (SELECT 1 FROM read_receipt r WHERE r.message_id = m.id AND r.unit_id = tp.unit_id);

-- src/thread-reads.ts · firstParticipantOfKind
SELECT tp.unit_id FROM thread_participant tp JOIN directory_unit u ON u.id = tp.unit_id
WHERE tp.thread_id = $1 AND u.organisation_kind = $2 ORDER BY tp.added_at LIMIT 1;

-- src/thread-reads.ts · threadsOfPatients.rows
SELECT id, patient_id, status, patient_protected, created_at FROM thread
WHERE patient_id = ANY($1::uuid[]) AND NOT (status = ANY($2::text[])) ORDER BY created_at DESC, id;

-- src/thread-reads.ts · factsInForce.rows
SELECT DISTINCT ON (thread_id) thread_id, value FROM thread_fact WHERE thread_id = ANY($1::uuid[]) AND key = $2
ORDER BY thread_id, version DESC;

-- src/thread-reads.ts · hemgangState
SELECT hemgangsklar_at, hemgangsklar_status FROM thread WHERE id = $1;

-- src/thread-reads.ts · storeHemgangStatus
UPDATE thread SET hemgangsklar_status = $2 WHERE id = $1;

-- src/thread-reads.ts · storeHemgangsklar
UPDATE thread SET hemgangsklar_at = CASE WHEN $2::boolean THEN now() ELSE NULL END WHERE id = $1 RETURNING hemgangsklar_at;

-- src/thread.mapper.ts · THREAD_SELECT
SELECT t.id, t.status, t.triage, t.owner_unit_id, ou.name AS owner_unit_name, t.admitted_at,
to_char(t.planned_discharge_date, 'YYYY-MM-DD') AS planned_discharge_date, t.utskrivningsklar_at,
t.discharged_at, t.hemgangsklar_at, t.hemgangsklar_status, t.last_seq, t.created_at, t.updated_at, p.id AS patient_id, p.identity_type,
p.identity_number, t.patient_given_name AS given_name, t.patient_family_name AS family_name,
t.patient_protected AS protected_identity, t.patient_protected_declared AS protected_declared,
t.patient_name_mismatch AS name_mismatch, t.former_owner_unit_ids
FROM thread t JOIN patients_identity p ON p.id = t.patient_id JOIN directory_unit ou ON ou.id = t.owner_unit_id;

-- src/thread.mapper.ts · PARTICIPANT_SELECT
SELECT tp.thread_id, u.id AS unit_id, u.name AS unit_name, u.organisation_name, u.organisation_kind AS kind
FROM thread_participant tp JOIN directory_unit u ON u.id = tp.unit_id
WHERE tp.thread_id = ANY($1::uuid[]) ORDER BY u.organisation_kind, u.name;

-- src/thread.mapper.ts · MESSAGE_SELECT
SELECT m.id, m.thread_id, m.seq, m.kind, m.body, m.payload, m.author_user_id,
au.given_name || ' ' || au.family_name AS author_name, m.author_unit_id, un.name AS author_unit_name,
m.corrects_message_id, m.created_at, m.observed_at
FROM message m JOIN directory_person au ON au.id = m.author_user_id JOIN directory_unit un ON un.id = m.author_unit_id;

-- src/thread.repository.ts · selectThread
SELECT ${threadWithParticipants(manager)}${extra}
FROM thread t WHERE t.id = $1;

-- src/thread.repository.ts · lockThreadsForPosts.text
SELECT ${threadWithParticipants(manager)}${earlierPost('p.author', 'p.key')}
FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS p(thread_id, author, key)
JOIN thread t ON t.id = p.thread_id
ORDER BY t.id
FOR UPDATE OF t SKIP LOCKED;

-- src/thread.repository.ts · APPEND
WITH s AS (UPDATE thread SET last_seq = last_seq + 1, updated_at = now() WHERE id = $1 RETURNING last_seq),
m AS (INSERT INTO message (thread_id, seq, kind, body, payload, author_user_id, author_unit_id, corrects_message_id, idempotency_key, request_hash, observed_at)
SELECT $1, s.last_seq, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10 FROM s RETURNING *)
${MESSAGE_SELECT.replace('FROM message m', 'FROM m')};

-- src/thread.repository.ts · APPEND_MANY
WITH p AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::uuid[], $6::uuid[], $7::uuid[], $8::text[], $9::text[], $10::timestamptz[])
AS p(thread_id, kind, body, payload, author_user_id, author_unit_id, corrects_message_id, idempotency_key, request_hash, observed_at)),
s AS (UPDATE thread t SET last_seq = t.last_seq + 1, updated_at = now() FROM p WHERE t.id = p.thread_id RETURNING t.id, t.last_seq),
m AS (INSERT INTO message (thread_id, seq, kind, body, payload, author_user_id, author_unit_id, corrects_message_id, idempotency_key, request_hash, observed_at)
SELECT p.thread_id, s.last_seq, p.kind, p.body, p.payload, p.author_user_id, p.author_unit_id, p.corrects_message_id, p.idempotency_key, p.request_hash, p.observed_at
FROM p JOIN s ON s.id = p.thread_id RETURNING *)
${MESSAGE_SELECT.replace('FROM message m', 'FROM m')};

-- src/threads.service.ts · ThreadsService.namesSeen
SELECT DISTINCT t.patient_given_name AS "givenName", t.patient_family_name AS "familyName"
FROM thread t JOIN thread_participant tp ON tp.thread_id = t.id WHERE t.patient_id = $1 AND tp.unit_id = $2;

-- src/threads.service.ts · ThreadsService.list.found
SELECT t.id,;

-- src/threads.service.ts · ThreadsService.list.found
SELECT (SELECT count(*) FROM message m WHERE m.thread_id = t.id AND m.author_user_id <> $2 AND m.kind <> ALL($4::text[])
AND NOT EXISTS (SELECT 1 FROM read_receipt r WHERE r.message_id = m.id AND r.user_id = $2))::int AS unread,
${MY_READINESS('$1')} AS my_readiness, t.id,;

-- src/threads.service.ts · ThreadsService.view
SELECT t.id,;

-- src/threads.service.ts · ThreadsService.view
SELECT ${MY_READINESS('$2')} AS my_readiness, t.id,;

-- src/timeline-reads.ts · messagesOfKind.rows
SELECT author_unit_id, payload FROM message WHERE thread_id = $1 AND kind = $2 ORDER BY seq;

-- src/timeline-reads.ts · inForceOfKind.rows
SELECT DISTINCT ON (m.thread_id) m.thread_id, m.payload FROM message m
WHERE m.thread_id = ANY($1::uuid[]) AND m.kind = $2
AND NOT EXISTS (SELECT 1 FROM message c WHERE c.thread_id = m.thread_id AND c.corrects_message_id = m.id)
ORDER BY m.thread_id, m.seq DESC;

-- src/timeline-reads.ts · messageSeqs.rows
SELECT id, seq FROM message WHERE id = ANY($1::uuid[]);

-- src/timeline-reads.ts · messageIdAt
SELECT id FROM message WHERE thread_id = $1 AND seq = $2;

-- src/timeline-reads.ts · timelineOfKinds.rows
SELECT id, seq, kind, payload, author_unit_id, created_at FROM message WHERE thread_id = $1 AND kind = ANY($2::text[]) ORDER BY seq;

-- src/timeline-reads.ts · latestOfKindsPerUnit.rows
SELECT DISTINCT ON (m.author_unit_id) m.author_unit_id AS unit_id, m.id AS message_id, m.seq, m.kind, m.payload, m.created_at,
m.author_user_id, au.given_name || ' ' || au.family_name AS author_name
FROM message m JOIN directory_person au ON au.id = m.author_user_id
WHERE m.thread_id = $1 AND m.kind = ANY($2::text[])
ORDER BY m.author_unit_id, m.seq DESC;

-- src/timeline-reads.ts · lastKindBefore
SELECT kind FROM message WHERE thread_id = $1 AND author_unit_id = $2 AND seq < $3 AND kind = ANY($4::text[])
ORDER BY seq DESC LIMIT 1;
