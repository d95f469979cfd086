-- Every SQL statement of @brygga/fhir, by file and function (test/sql-snapshots.spec.ts).
-- Generated: `npm run sql:snapshots` rewrites it; the test fails when it is stale. ${…} is a part
-- composed in code (a fragment, an identifier or a list of placeholders).

-- src/export.ts · conversationOf
SELECT value FROM fhir_episode WHERE thread_id = $1 AND system = $2 ORDER BY created_at DESC LIMIT 1;

-- src/export.ts · conversationOf
INSERT INTO fhir_episode (system, value, thread_id) VALUES ($1, $2, $3);

-- src/export.ts · previousNotification
SELECT message_header_id, bundle FROM fhir_outbox
WHERE thread_id = $1 AND receiver_unit_id = $2 AND bundle #>> '{entry,0,resource,eventCoding,code}' = $3
ORDER BY queue_position DESC LIMIT 1;

-- src/export.ts · previousNotification
SELECT jsonb_path_query_first(bundle, '$.entry[*].resource ? (@.resourceType == "Encounter").extension[*] ? (@.url == $url).valuePeriod.start', jsonb_build_object('url', $3::text)) #>> '{}' AS start
FROM fhir_outbox
WHERE thread_id = $1 AND receiver_unit_id = $2
AND jsonb_path_exists(bundle, '$.entry[*].resource ? (@.resourceType == "Provenance").activity.coding[*] ? (@.code == "start-leave-inpatient")')
ORDER BY queue_position DESC LIMIT 1;

-- src/export.ts · exportBundle
SELECT system, value FROM fhir_episode WHERE thread_id = $1 AND system <> $2 ORDER BY created_at LIMIT 1;

-- src/identifiers.ts · unitOf.rows
SELECT unit_id FROM unit_identifier WHERE (system, value) IN (SELECT * FROM unnest($1::text[], $2::text[]));

-- src/identifiers.ts · organisationOf.others
SELECT system, value FROM unit_identifier WHERE unit_id = $1 ORDER BY system, value;

-- src/import.service.ts · FhirImportService.process
UPDATE fhir_received SET bundle_ids = array_append(bundle_ids, $2) WHERE id = $1;

-- src/import.service.ts · FhirImportService.process
INSERT INTO fhir_received (sender_unit_id, message_header_id, bundle_ids, event_code, activity_code, outcome, acknowledgement, thread_id, message_id, bundle)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT ON CONSTRAINT fhir_received_once DO NOTHING RETURNING id;

-- src/import.service.ts · FhirImportService.applyParked.rows
SELECT id, bundle FROM fhir_received WHERE sender_unit_id = $1 AND outcome = 'parkerad' ORDER BY received_at;

-- src/import.service.ts · FhirImportService.applyParked
UPDATE fhir_received SET outcome = 'ok' WHERE id = $1 AND outcome = 'parkerad' RETURNING id;

-- src/import.service.ts · FhirImportService.applyParked
UPDATE fhir_received SET thread_id = $2, message_id = $3 WHERE id = $1;

-- src/import.service.ts · FhirImportService.applyParked
UPDATE fhir_received SET outcome = 'parkerad' WHERE id = $1;

-- src/import.service.ts · FhirImportService.bundleReused
SELECT message_header_id FROM fhir_received WHERE sender_unit_id = $1 AND $2 = ANY(bundle_ids) AND message_header_id <> $3 LIMIT 1;

-- src/import.service.ts · FhirImportService.previous
SELECT id, bundle_ids, acknowledgement FROM fhir_received WHERE sender_unit_id = $1 AND message_header_id = $2;

-- src/import.service.ts · FhirImportService.receiveAcknowledgement
INSERT INTO fhir_received (sender_unit_id, message_header_id, bundle_ids, event_code, activity_code, outcome, acknowledgement, bundle)
VALUES ($1, $2, $3, $4, 'acknowledgement', 'ok', NULL, $5) ON CONFLICT ON CONSTRAINT fhir_received_once DO NOTHING;

-- src/import.service.ts · FhirImportService.hospitalNotification
SELECT thread_id FROM fhir_episode WHERE system = $1 AND value = $2;

-- src/import.service.ts · FhirImportService.careCommunication.inConversation
SELECT thread_id FROM fhir_episode WHERE system = $1 AND value = $2 AND thread_id = ANY($3::uuid[]);

-- src/import.service.ts · FhirImportService.careCommunication
INSERT INTO fhir_episode (system, value, thread_id) VALUES ($1, $2, $3)
ON CONFLICT (system, value) DO UPDATE SET thread_id = EXCLUDED.thread_id, created_at = now();

-- src/import.service.ts · FhirImportService.predecessor
SELECT thread_id, message_id FROM fhir_received WHERE sender_unit_id = $1 AND message_header_id = $2 AND outcome = 'ok' AND thread_id IS NOT NULL;

-- src/import.service.ts · FhirImportService.openThread
INSERT INTO fhir_episode (system, value, thread_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING;

-- src/outbox-backlog.ts · outboxBacklog
SELECT count(*)::text AS queued,
extract(epoch FROM now() - min(next_attempt_at) FILTER (WHERE next_attempt_at <= now()))::float8 AS oldest
FROM fhir_outbox WHERE status = 'vantar_pa_kvittens';

-- src/outbox-deliveries.ts · messageDeliveries.rows
SELECT message_id, receiver_unit_id AS unit_id, status FROM fhir_outbox WHERE message_id = ANY($1::uuid[]) ORDER BY created_at;

-- src/outbox.service.ts · FhirOutboxService.enqueue
SELECT message_header_id FROM fhir_outbox WHERE message_id = $1 AND receiver_unit_id = $2;

-- src/outbox.service.ts · FhirOutboxService.enqueue
INSERT INTO fhir_outbox (message_id, thread_id, receiver_unit_id, message_header_id, bundle, next_attempt_at) VALUES ($1, $2, $3, $4, $5, now());

-- src/outbox.service.ts · FhirOutboxService.admissionSentTo
SELECT message_header_id FROM fhir_outbox
WHERE thread_id = $1 AND receiver_unit_id = $2
AND jsonb_path_exists(bundle, '$.entry[*].resource ? (@.resourceType == "Provenance").activity.coding[*] ? (@.code == "admit-inpatient")')
ORDER BY queue_position LIMIT 1;

-- src/outbox.service.ts · FhirOutboxService.acknowledged
UPDATE fhir_outbox SET status = $3, last_error = $4, updated_at = now()
WHERE message_header_id::text = $1 AND receiver_unit_id = $2 AND status = 'vantar_pa_kvittens';

-- src/outbox.service.ts · FhirOutboxService.drain
UPDATE fhir_outbox SET status = 'fel', last_error = coalesce(last_error, 'Ingen kvittens') || ' (efter ' || attempts || ' försök)', updated_at = now()
WHERE status = 'vantar_pa_kvittens' AND attempts > $1 AND next_attempt_at <= now();

-- src/outbox.service.ts · FhirOutboxService.claim
WITH heads AS (
SELECT DISTINCT ON (receiver_unit_id) id, next_attempt_at, attempts FROM fhir_outbox
WHERE status = 'vantar_pa_kvittens' AND receiver_unit_id <> ALL($3::uuid[])
ORDER BY receiver_unit_id, queue_position)
UPDATE fhir_outbox o
SET attempts = o.attempts + 1, next_attempt_at = now() + make_interval(secs => $1),
bundle = jsonb_set(jsonb_set(o.bundle, '{id}', to_jsonb(gen_random_uuid()::text)), '{timestamp}',
to_jsonb(to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))),
updated_at = now()
WHERE o.id IN (SELECT f.id FROM fhir_outbox f
WHERE f.id IN (SELECT id FROM heads WHERE next_attempt_at <= now() AND attempts <= $2 ORDER BY next_attempt_at LIMIT $4)
FOR UPDATE SKIP LOCKED)
AND o.status = 'vantar_pa_kvittens' AND o.next_attempt_at <= now()
RETURNING o.id, o.receiver_unit_id, o.bundle, o.message_header_id, o.attempts;

-- src/outbox.service.ts · FhirOutboxService.send
UPDATE fhir_outbox SET status = 'fel', last_error = $2, updated_at = now() WHERE id = $1 AND status = 'vantar_pa_kvittens';

-- src/outbox.service.ts · FhirOutboxService.send
UPDATE fhir_outbox SET status = $2, last_error = $3, updated_at = now() WHERE id = $1 AND status = 'vantar_pa_kvittens';

-- src/outbox.service.ts · FhirOutboxService.send
UPDATE fhir_outbox SET last_error = $2, status = CASE WHEN attempts > $3 AND $4 THEN 'fel' ELSE status END, updated_at = now()
WHERE id = $1 AND status = 'vantar_pa_kvittens';
