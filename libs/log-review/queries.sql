-- Every SQL statement of @brygga/log-review, by file and function (test/sql-snapshots.spec.ts).
-- Generated: `npm run sql:snapshots` rewrites it; the test fails when it is stale. ${…} is a part
-- composed in code (a fragment, an identifier or a list of placeholders).

-- src/audit-review.service.ts · AuditReviewService.search.patients
SELECT id FROM patients_identity WHERE identity_number = ${p} AND identity_type <> 'reservnummer';

-- src/audit-review.service.ts · AuditReviewService.search.rows
SELECT a.seq::text AS seq, a.entry::text AS entry, a.occurred_at, a.user_id, a.user_name, a.role, a.unit_id, ${ROW_UNIT} AS unit_name,
${ROW_ORGANISATION} AS organisation_name, ${ROW_THREAD} AS thread_label, a.patient_id, p.identity_type, p.identity_number,
p.given_name || ' ' || p.family_name AS patient_name, p.protected_identity, a.thread_id, a.action,
a.outcome, a.client_address, a.details, ${ROW_HASH} AS hash, ${PATIENT_IN_SCOPE} AS patient_in_scope
FROM ${auditRows(rowWhere, { where, limit })} a
${ROW_PLACE}
LEFT JOIN patients_identity p ON p.id = a.patient_id
ORDER BY a.seq DESC, a.entry;

-- src/audit-review.service.ts · SCOPE_THREADS
SELECT t.id FROM threads_thread t JOIN directory_unit u ON u.id = t.owner_unit_id WHERE u.organisation_id = ANY($1::uuid[])
UNION SELECT tp.thread_id FROM threads_scope tp JOIN directory_unit u ON u.id = tp.unit_id WHERE u.organisation_id = ANY($1::uuid[]);

-- src/patient-account.ts · PatientAccountService.entries.rows
SELECT a.occurred_at, a.role, a.action, a.outcome, a.user_id, ${ROW_ORGANISATION} AS organisation_name, ${ROW_UNIT} AS unit_name
FROM ${auditRows([`a.seq IN (${ROWS_OF_PATIENT('$1', '$2')})`])} a
${ROW_PLACE}
WHERE NOT a.covering OR a.patient_id = $1
ORDER BY a.seq DESC LIMIT ${ACCOUNT_ROWS + 1};
