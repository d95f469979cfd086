-- Every SQL statement of @brygga/notifications, by file and function (test/sql-snapshots.spec.ts).
-- Generated: `npm run sql:snapshots` rewrites it; the test fails when it is stale. ${…} is a part
-- composed in code (a fragment, an identifier or a list of placeholders).

-- src/notification-settings.service.ts · NotificationSettingsService.get
SELECT on_message, on_deadline, on_hemgangsklar, email_enabled, email_address FROM notification_setting WHERE user_id = $1;

-- src/notification-settings.service.ts · NotificationSettingsService.update
INSERT INTO notification_setting (user_id, on_message, on_deadline, on_hemgangsklar, email_enabled, email_address)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (user_id) DO UPDATE SET on_message = EXCLUDED.on_message, on_deadline = EXCLUDED.on_deadline,
on_hemgangsklar = EXCLUDED.on_hemgangsklar, email_enabled = EXCLUDED.email_enabled,
email_address = EXCLUDED.email_address, updated_at = now();

-- src/notifier.ts · Notifier.tell.recipients
SELECT x.user_id, x.unit_name, COALESCE(ns.email_enabled, false) AS email
FROM (SELECT DISTINCT ON (m.user_id) m.user_id, u.name AS unit_name
FROM directory_membership m JOIN directory_unit u ON u.id = m.unit_id
WHERE m.unit_id = ANY($1::uuid[]) AND m.role = ANY($2::text[]) AND m.user_id IS DISTINCT FROM $3::uuid
ORDER BY m.user_id, u.name) x
LEFT JOIN notification_setting ns ON ns.user_id = x.user_id
WHERE COALESCE(ns.${SETTING[notice.kind]}, true)
AND (COALESCE(ns.email_enabled, false) OR EXISTS (SELECT 1 FROM push_subscription s WHERE s.user_id = x.user_id))
ORDER BY x.user_id;

-- src/notifier.ts · Notifier.tell.devices
SELECT id, user_id, endpoint, p256dh, auth FROM push_subscription WHERE user_id = ANY($1) ORDER BY created_at;

-- src/notifier.ts · Notifier.reachableIn.rows
SELECT m.unit_id, m.user_id, COALESCE(ns.on_message, true) AS on_message, COALESCE(ns.on_deadline, true) AS on_deadline,
COALESCE(ns.on_hemgangsklar, true) AS on_hemgangsklar
FROM directory_membership m LEFT JOIN notification_setting ns ON ns.user_id = m.user_id
WHERE m.unit_id = ANY($1::uuid[]) AND m.role = ANY($2::text[])
AND (COALESCE(ns.email_enabled, false) OR EXISTS (SELECT 1 FROM push_subscription s WHERE s.user_id = m.user_id));

-- src/notifier.ts · Notifier.emailTo
UPDATE notification_setting SET email_last_sent_at = now()
WHERE user_id = $1 AND email_enabled AND email_address IS NOT NULL
AND (email_last_sent_at IS NULL OR email_last_sent_at <= now() - make_interval(mins => $2))
RETURNING email_address;

-- src/notifier.ts · Notifier.emailTo
UPDATE notification_setting SET email_last_sent_at = NULL WHERE user_id = $1;

-- src/push-subscriptions.service.ts · PushSubscriptionsService.onModuleInit
DELETE FROM push_subscription WHERE session_id = $1;

-- src/push-subscriptions.service.ts · PushSubscriptionsService.subscribe
INSERT INTO push_subscription (user_id, session_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (endpoint) DO UPDATE SET user_id = EXCLUDED.user_id, session_id = EXCLUDED.session_id,
p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth, updated_at = now()
RETURNING id, created_at;

-- src/push-subscriptions.service.ts · PushSubscriptionsService.unsubscribe
DELETE FROM push_subscription WHERE user_id = $1 AND endpoint = $2;

-- src/push-subscriptions.service.ts · PushSubscriptionsService.count
SELECT count(*)::int AS n FROM push_subscription WHERE user_id = $1;

-- src/push-subscriptions.service.ts · PushSubscriptionsService.gone
DELETE FROM push_subscription WHERE id = $1;

-- src/push-subscriptions.service.ts · PushSubscriptionsService.endWithoutAccess.subscribed
SELECT DISTINCT user_id FROM push_subscription;

-- src/push-subscriptions.service.ts · PushSubscriptionsService.endWithoutAccess
DELETE FROM push_subscription WHERE user_id = ANY($1::uuid[]);

-- src/vapid-keys.ts · VapidKeys.load
INSERT INTO push_vapid_key (id, public_key, private_key) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING;

-- src/vapid-keys.ts · VapidKeys.load
SELECT public_key, private_key FROM push_vapid_key WHERE id = 1;
