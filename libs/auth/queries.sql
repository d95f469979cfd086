-- Every SQL statement of @brygga/auth, by file and function (test/sql-snapshots.spec.ts).
-- Generated: `npm run sql:snapshots` rewrites it; the test fails when it is stale. ${…} is a part
-- composed in code (a fragment, an identifier or a list of placeholders).

-- src/pg-session.store.ts · PgSessionStore.get.started
SELECT data, expires_at FROM web_session WHERE sid = $1 AND expires_at > now();

-- src/pg-session.store.ts · PgSessionStore.set
INSERT INTO web_session (sid, user_id, data, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))
ON CONFLICT (sid) DO UPDATE SET user_id = EXCLUDED.user_id, data = EXCLUDED.data, expires_at = EXCLUDED.expires_at;

-- src/pg-session.store.ts · PgSessionStore.touch
UPDATE web_session SET expires_at = now() + make_interval(secs => $2::int)
WHERE sid = $1 AND expires_at > now() AND expires_at < now() + make_interval(secs => $2::int - $3::int)
RETURNING expires_at;

-- src/pg-session.store.ts · PgSessionStore.destroy
DELETE FROM web_session WHERE sid = $1;

-- src/pg-session.store.ts · PgSessionStore.destroyExpired
DELETE FROM web_session WHERE expires_at <= now();

-- src/rate-limit.ts · PgThrottlerStorage.increment
DELETE FROM rate_limit WHERE expires_at < now() AND (blocked_until IS NULL OR blocked_until < now());

-- src/rate-limit.ts · PgThrottlerStorage.increment
WITH hit AS (
INSERT INTO rate_limit AS r (key, hits, expires_at, blocked_until)
VALUES ($1, 1, now() + make_interval(secs => $2::double precision / 1000), NULL)
ON CONFLICT (key) DO UPDATE SET
hits = CASE WHEN r.expires_at <= now() THEN 1 ELSE r.hits + 1 END,
expires_at = CASE WHEN r.expires_at <= now() THEN EXCLUDED.expires_at ELSE r.expires_at END,
blocked_until = CASE
WHEN r.blocked_until > now() THEN r.blocked_until
WHEN (CASE WHEN r.expires_at <= now() THEN 1 ELSE r.hits + 1 END) > $3 THEN now() + make_interval(secs => $4::double precision / 1000)
ELSE NULL END
RETURNING r.hits, r.expires_at, r.blocked_until)
SELECT hits, ceil(extract(epoch FROM expires_at - now()))::int AS expires_in,
ceil(extract(epoch FROM blocked_until - now()))::int AS blocked_in FROM hit;

-- src/session.service.ts · SessionService.stillValid.rows
SELECT sid FROM web_session WHERE sid = ANY($1) AND expires_at > now();

-- src/session.service.ts · SessionService.destroyAllFor
DELETE FROM web_session WHERE user_id = $1 RETURNING sid;

-- src/session.service.ts · SessionService.sharedSecret
INSERT INTO app_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING;

-- src/session.service.ts · SessionService.sharedSecret
SELECT value FROM app_secret WHERE name = $1;

-- src/system-client-admin.service.ts · SELECT
SELECT s.id, s.client_id, s.name, s.unit_id, s.endpoint_url, s.secret_set_at, s.disabled_at, s.created_at FROM system_client s;

-- src/system-client-admin.service.ts · SystemClientAdminService.rotate
DELETE FROM system_access_token WHERE system_client_id = $1;

-- src/system-client-admin.service.ts · SystemClientAdminService.setDisabled
UPDATE system_client SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, now()) ELSE NULL END WHERE id = $1;

-- src/system-client-admin.service.ts · SystemClientAdminService.setDisabled
DELETE FROM system_access_token WHERE system_client_id = $1;

-- src/system-client-endpoints.ts · unitsWithEndpoint.rows
SELECT DISTINCT unit_id FROM system_client WHERE endpoint_url IS NOT NULL AND disabled_at IS NULL;

-- src/system-client-endpoints.ts · endpointsOf.rows
SELECT DISTINCT ON (unit_id) unit_id, endpoint_url FROM system_client
WHERE ($1::uuid[] IS NULL OR unit_id = ANY($1::uuid[])) AND endpoint_url IS NOT NULL AND disabled_at IS NULL
ORDER BY unit_id, created_at;

-- src/system-clients.ts · SystemActorResolver.ownToken
SELECT c.id FROM system_access_token t JOIN system_client c ON c.id = t.system_client_id
WHERE t.token_hash = $1 AND t.expires_at > now() AND c.disabled_at IS NULL;

-- src/system-token.controller.ts · SystemTokenController.token
DELETE FROM system_access_token WHERE system_client_id = $1 AND expires_at < now();

-- src/system-token.controller.ts · SystemTokenController.token
INSERT INTO system_access_token (token_hash, system_client_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3));
