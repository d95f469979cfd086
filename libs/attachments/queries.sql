-- Every SQL statement of @brygga/attachments, by file and function (test/sql-snapshots.spec.ts).
-- Generated: `npm run sql:snapshots` rewrites it; the test fails when it is stale. ${…} is a part
-- composed in code (a fragment, an identifier or a list of placeholders).

-- src/attachment-store.ts · PostgresStore.writer.flush
INSERT INTO attachment_chunk (object_key, idx, data) VALUES ($1, $2, $3);

-- src/attachment-store.ts · PostgresStore.read.rows
SELECT data FROM attachment_chunk WHERE object_key = $1 AND idx = $2;

-- src/attachment-store.ts · PostgresStore.remove
DELETE FROM attachment_chunk WHERE object_key = $1;

-- src/attachment-store.ts · PostgresStore.sweep.rows
DELETE FROM attachment_chunk c
WHERE c.object_key IN (SELECT object_key FROM attachment_chunk GROUP BY object_key HAVING max(created_at) < $1)
AND NOT EXISTS (SELECT 1 FROM attachment a WHERE a.object_key = c.object_key)
RETURNING c.object_key;

-- src/attachment.mapper.ts · messageAttachments.rows
SELECT a.message_id,
json_agg(json_build_object('id', a.id, 'name', a.name, 'contentType', a.content_type, 'size', a.size_bytes,
'sha256', a.sha256, 'state', a.state, 'previewable', a.previewable) ORDER BY a.created_at, a.id) AS attachments
FROM attachment a WHERE a.message_id = ANY($1::uuid[]) GROUP BY a.message_id;

-- src/attachments.service.ts · AttachmentsService.expirePending.expired
SELECT pg_try_advisory_xact_lock($1) AS locked;

-- src/attachments.service.ts · AttachmentsService.expirePending.expired
DELETE FROM attachment WHERE message_id IS NULL AND created_at < now() - make_interval(hours => $1)
RETURNING id, object_key, thread_id, sha256, size_bytes;

-- src/attachments.service.ts · AttachmentsService.sweepUnnamed.removed
SELECT pg_try_advisory_xact_lock($1) AS locked;

-- src/attachments.service.ts · AttachmentsService.sweepUnnamed.removed.rows
SELECT object_key FROM attachment WHERE object_key = ANY($1);

-- src/attachments.service.ts · AttachmentsService.discard
DELETE FROM attachment WHERE id = ANY($1::uuid[]) AND message_id IS NULL RETURNING object_key;

-- src/attachments.service.ts · AttachmentsService.receive
SELECT pg_advisory_xact_lock(hashtextextended('attachment-quota:' || $1, 0));

-- src/attachments.service.ts · AttachmentsService.pendingBytes
SELECT coalesce(sum(size_bytes), 0)::text AS bytes FROM attachment WHERE uploaded_by_user_id = $1 AND message_id IS NULL;

-- src/attachments.service.ts · AttachmentsService.bind
UPDATE attachment SET message_id = $1 WHERE id = ANY($2::uuid[]) AND thread_id = $3 AND uploaded_by_user_id = $4
AND message_id IS NULL AND state <> 'infected' RETURNING id, sha256;

-- src/scan-backlog.ts · scanBacklog
SELECT count(*)::text AS waiting, extract(epoch FROM now() - min(created_at))::float8 AS oldest
FROM attachment WHERE state = 'scan_pending';
