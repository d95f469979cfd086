-- Every SQL statement of @brygga/citizens, by file and function (test/sql-snapshots.spec.ts).
-- Generated: `npm run sql:snapshots` rewrites it; the test fails when it is stale. ${…} is a part
-- composed in code (a fragment, an identifier or a list of placeholders).

-- src/citizen-access.service.ts · CitizenAccessService.self
SELECT c.personnummer,
(SELECT p.id FROM patients_identity p WHERE p.identity_type = 'personnummer' AND p.identity_number = c.personnummer) AS patient_id
FROM citizen c WHERE c.id = $1;

-- src/citizen-access.service.ts · CitizenAccessService.readableThreads
SELECT (SELECT p.id FROM patients_identity p WHERE p.identity_type = 'personnummer' AND p.identity_number = c.personnummer) AS patient_id
FROM citizen c WHERE c.id = $1;

-- src/citizen-access.service.ts · CitizenAccessService.readableThreads.consents
SELECT n.id, n.patient_id, p.given_name
FROM narstaende_consent n JOIN patients_identity p ON p.id = n.patient_id AND NOT p.protected_identity
WHERE n.relative_citizen_id = $1 AND n.withdrawn_at IS NULL AND n.ends_on >= ${TODAY}
ORDER BY n.given_at, n.id;

-- src/citizen-directory.service.ts · CitizenDirectoryService.signIn
INSERT INTO citizen (personnummer, given_name, family_name, last_login_at) VALUES ($1, $2, $3, now())
ON CONFLICT (personnummer) DO UPDATE SET given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name, last_login_at = now()
RETURNING id;

-- src/citizen-directory.service.ts · CitizenDirectoryService.actor
SELECT id, trim(given_name || ' ' || family_name) AS name FROM citizen WHERE id = $1;

-- src/citizen-timeline.ts · CitizenTimeline.note
SELECT id FROM directory_person WHERE key = $1;

-- src/consents.service.ts · CONSENT_SELECT
SELECT n.id, n.relative_name, n.scope, n.ends_on::text AS ends_on, n.given_at, n.withdrawn_at,
(n.withdrawn_at IS NULL AND n.ends_on >= ${TODAY}) AS active
FROM narstaende_consent n;

-- src/consents.service.ts · ConsentsService.giveNow.consent
SELECT $1::date < ${TODAY} AS past, $1::date > ${TODAY} + interval '2 years' AS far;

-- src/consents.service.ts · ConsentsService.giveNow.consent
INSERT INTO citizen (personnummer) VALUES ($1) ON CONFLICT (personnummer) DO UPDATE SET personnummer = EXCLUDED.personnummer RETURNING id;

-- src/consents.service.ts · ConsentsService.giveNow.consent
WITH n AS (INSERT INTO narstaende_consent (patient_id, given_by_citizen_id, relative_citizen_id, relative_name, scope, ends_on)
VALUES ($1, $2, $3, $4, 'plan', $5) RETURNING *)
${CONSENT_SELECT.replace('FROM narstaende_consent n', 'FROM n')};

-- src/consents.service.ts · ConsentsService.withdrawNow.consent
WITH n AS (UPDATE narstaende_consent SET withdrawn_at = now() WHERE id = $1 AND patient_id = $2 AND withdrawn_at IS NULL RETURNING *)
${CONSENT_SELECT.replace('FROM narstaende_consent n', 'FROM n')};

-- src/consents.service.ts · ConsentsService.patientThreads
SELECT protected_identity FROM patients_identity WHERE id = $1;
