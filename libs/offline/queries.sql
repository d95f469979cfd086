-- Every SQL statement of @brygga/offline, by file and function (test/sql-snapshots.spec.ts).
-- Generated: `npm run sql:snapshots` rewrites it; the test fails when it is stale. ${…} is a part
-- composed in code (a fragment, an identifier or a list of placeholders).

-- src/offline.service.ts · OfflineService.recordRead.inserted
INSERT INTO offline_read (user_id, read_key, thread_id, observed_at) VALUES ($1, $2, $3, $4)
ON CONFLICT (user_id, read_key) DO NOTHING RETURNING read_key;
