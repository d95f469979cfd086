-- Every SQL statement of @brygga/audit, by file and function (test/sql-snapshots.spec.ts).
-- Generated: `npm run sql:snapshots` rewrites it; the test fails when it is stale. ${…} is a part
-- composed in code (a fragment, an identifier or a list of placeholders).

-- src/audit-chain.sealer.ts · AuditChainSealer.round
SELECT pg_advisory_lock($1), true AS locked;

-- src/audit-chain.sealer.ts · AuditChainSealer.round
SELECT pg_try_advisory_lock($1) AS locked;

-- src/audit-chain.sealer.ts · AuditChainSealer.round
SELECT pg_advisory_unlock($1);

-- src/audit-chain.sealer.ts · AuditChainSealer.sealLocked
INSERT INTO audit_chain (seq, prev_seq, prev_hash, hash, key_id, content_hash, patient_ref)
SELECT s, p, ph, h, $5, c, r FROM unnest($1::bigint[], $2::bigint[], $3::bytea[], $4::bytea[], $6::bytea[], $7::bytea[]) AS l(s, p, ph, h, c, r);

-- src/audit-chain.sealer.ts · AuditChainSealer.horizon
SELECT seq::text AS seq, xid::text AS xid, at FROM brygga_audit_horizon($1);

-- src/audit-chain.sealer.ts · FINAL_SQL
SELECT pg_snapshot_xmin(pg_current_snapshot()) >= $1::xid8
OR NOT EXISTS (
WITH l AS MATERIALIZED (SELECT * FROM pg_locks WHERE granted)
SELECT 1 FROM l r JOIN l x USING (virtualtransaction)
WHERE r.locktype = 'relation' AND r.relation = 'audit_log'::regclass AND r.mode = 'RowExclusiveLock'
AND r.database = (SELECT oid FROM pg_database WHERE datname = current_database())
AND x.locktype = 'transactionid' AND x.mode = 'ExclusiveLock'
AND age(x.transactionid) > age((($1::xid8)::text::numeric % 4294967296)::text::xid)) AS final;

-- src/audit-chain.sealer.ts · SOUND_BELOW
SELECT coalesce((SELECT max(seq) FROM audit_chain WHERE seq < $1), 0)::text AS seq;

-- src/audit-chain.sealer.ts · UNSEALED_SQL
SELECT count(*)::int AS n,
extract(epoch FROM now() - min(a.occurred_at))::float8 AS oldest,
(SELECT min(b.seq)::text FROM audit_log b
WHERE b.seq > $1 AND b.seq > (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM audit_log_seq)) AS beyond
FROM audit_log a WHERE a.seq > $1;

-- src/audit-chain.sealer.ts · STRAYS_SQL
SELECT count(*)::int AS n, min(a.seq)::text AS first
FROM audit_log a WHERE a.seq <= $1 AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.seq = a.seq);

-- src/audit-checkpointer.ts · AuditCheckpointer.owner
SELECT current_database() AS db;

-- src/audit-checkpointer.ts · AuditCheckpointer.write
SELECT pg_advisory_lock($1);

-- src/audit-checkpointer.ts · AuditCheckpointer.write
SELECT c.seq::text AS seq, c.hash, c.key_id FROM audit_chain c ORDER BY c.seq DESC LIMIT 1;

-- src/audit-checkpointer.ts · AuditCheckpointer.write
SELECT pg_advisory_unlock($1);

-- src/audit-continuity.ts · ROWS_SQL
SELECT a.seq::text AS seq, ${ROW_COLUMNS}, p.identity_type, p.identity_number, p.reserve_issuer
FROM audit_log a LEFT JOIN patients_identity p ON p.id = a.patient_id
WHERE a.seq > $1 AND a.seq <= $2 ORDER BY a.seq LIMIT $3;

-- src/audit-continuity.ts · HEAD_SQL
SELECT c.seq::text AS seq, c.prev_seq::text AS prev_seq, c.prev_hash, c.hash, c.key_id,
c.content_hash AS link_content_hash, c.patient_ref AS link_patient_ref, a.seq::text AS row_seq, ${ROW_COLUMNS},
b.seq::text AS below_seq, b.hash AS below_hash
FROM (SELECT * FROM audit_chain ORDER BY seq DESC LIMIT 1) c
LEFT JOIN audit_log a ON a.seq = c.seq
LEFT JOIN LATERAL (SELECT seq, hash FROM audit_chain WHERE seq < c.seq ORDER BY seq DESC LIMIT 1) b ON true;

-- src/audit-denials.ts · AuditDenials.record
SELECT pg_advisory_xact_lock(hashtextextended($1, 0));

-- src/audit-denials.ts · AuditDenials.record.counted
WITH u AS (UPDATE audit_denial_tally SET repeats = repeats + 1 WHERE key = $1 AND window_ends_at > now() RETURNING key) SELECT key FROM u;

-- src/audit-denials.ts · AuditDenials.record
INSERT INTO audit_denial_tally (key, first_seq, repeats, window_ends_at, record)
VALUES ($1, $2, 0, now() + make_interval(secs => $3), $4::jsonb);

-- src/audit-denials.ts · AuditDenials.flushWhere.closed
WITH d AS (DELETE FROM audit_denial_tally WHERE ${where} RETURNING first_seq::text, repeats, record) SELECT * FROM d;

-- src/audit-readable.ts · ROWS_WHERE
SELECT b.seq FROM audit_log b WHERE b.${column} = ${value} UNION ${COVERING(`${value}::uuid`)};

-- src/audit-readable.ts · ROWS_OF_PATIENTS
SELECT b.seq FROM audit_log b WHERE b.patient_id IN (${patients})
UNION SELECT b.seq FROM audit_log b WHERE b.patient_ref = ${ref}
UNION SELECT l.seq FROM audit_chain l WHERE l.patient_ref = ${ref}
UNION SELECT c.seq FROM (${patients}) pp CROSS JOIN LATERAL (${COVERING('pp.id')}) c;

-- src/audit-readable.ts · ROWS_OF_PATIENT
SELECT b.seq FROM audit_log b WHERE b.patient_id = ${patient} UNION SELECT b.seq FROM audit_log b WHERE b.patient_ref = ${ref}
UNION ${COVERING(`${patient}::uuid`)};

-- src/audit-readable.ts · PLAIN_LINES
SELECT a.seq, a.occurred_at, a.user_id, a.user_name, a.unit_id, a.organisation_id, a.role, a.patient_id, a.thread_id,
a.action, a.outcome, a.client_address, a.details, a.organisation_ids, a.patient_ref, false AS covering, 0::bigint AS entry
FROM audit_log a WHERE (a.details ? 'covers') IS NOT TRUE${and};

-- src/audit-readable.ts · COVERED_LINES
SELECT a.seq, a.occurred_at, COALESCE((e->>'u')::uuid, a.user_id) AS user_id, COALESCE(e->>'n', a.user_name) AS user_name,
CASE WHEN e ? 'unit' THEN (e->>'unit')::uuid ELSE a.unit_id END AS unit_id,
CASE WHEN e ? 'unit' THEN (e->>'o')::uuid ELSE a.organisation_id END AS organisation_id, COALESCE(e->>'r', a.role) AS role,
(e->>'p')::uuid AS patient_id, (e->>'t')::uuid AS thread_id, a.action, a.outcome,
COALESCE(e->>'ca', a.client_address) AS client_address, COALESCE(e->'d', '{}'::jsonb) AS details,
CASE WHEN e ? 'og' THEN translate(e->>'og', '[]"', '{}')::uuid[] ELSE a.organisation_ids END AS organisation_ids,
NULL::bytea AS patient_ref, true AS covering, c.entry
FROM audit_log a CROSS JOIN LATERAL jsonb_array_elements(a.details->'covers') WITH ORDINALITY AS c(e, entry)
WHERE a.details ? 'covers'${and};

-- src/audit-readable.ts · COVERING
SELECT b.seq FROM audit_log b WHERE b.details ? 'covers' AND b.details->'covered' @> jsonb_build_array(${id});

-- src/audit-verify.ts · verifyChain.rows
SELECT c.seq::text AS link_seq, c.prev_seq::text AS prev_seq, c.prev_hash AS link_prev_hash, c.hash AS link_hash, c.key_id AS link_key_id,
c.content_hash AS link_content_hash, c.patient_ref AS link_patient_ref, a.*, a.seq::text AS seq
FROM audit_chain c LEFT JOIN audit_log a ON a.seq = c.seq
WHERE c.seq > $1 ORDER BY c.seq LIMIT $2;

-- src/audit-verify.ts · verifyChain
SELECT a.seq::text AS seq FROM audit_log a LEFT JOIN audit_chain c ON c.seq = a.seq
WHERE c.seq IS NULL AND a.seq <= $1 ORDER BY a.seq LIMIT 1;

-- src/audit-verify.ts · verifyChain
SELECT a.seq::text AS seq FROM audit_log a
WHERE a.seq > (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM audit_log_seq) ORDER BY a.seq LIMIT 1;

-- src/audit-verify.ts · verifyChain.prevTime
SELECT occurred_at FROM audit_log WHERE seq = $1;

-- src/audit-verify.ts · verifyChain
SELECT now();

-- src/audit-verify.ts · verifyChain.waiting
SELECT ${ROW_SELECT} FROM audit_log a WHERE a.seq > $1 ORDER BY a.seq LIMIT $2;

-- src/audit-verify.ts · identitiesOf.found
SELECT patient_id, identity_type AS type, identity_number AS number, reserve_issuer AS issuer
FROM patients_identity_history WHERE patient_id = ANY($1::uuid[]);

-- src/audit.service.ts · AUDIT_INSERT
INSERT INTO audit_log (user_id, user_name, unit_id, organisation_id, role, patient_id, thread_id, action, outcome, client_address, details, organisation_ids, patient_ref)
SELECT u, un, ut, org, r, p, t, a, o, ca, d, og::uuid[], pr
FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::uuid[], $8::text[], $9::text[], $10::text[], $11::jsonb[], $12::text[], $13::bytea[])
WITH ORDINALITY AS x(u, un, ut, org, r, p, t, a, o, ca, d, og, pr, n)
ORDER BY n
RETURNING seq::text AS seq;

-- src/audit.service.ts · AUDIT_INSERT_ONE
INSERT INTO audit_log (user_id, user_name, unit_id, organisation_id, role, patient_id, thread_id, action, outcome, client_address, details, organisation_ids, patient_ref)
VALUES ($1::uuid, $2::text, $3::uuid, $4::uuid, $5::text, $6::uuid, $7::uuid, $8::text, $9::text, $10::text, $11::jsonb, $12::uuid[], $13::bytea)
RETURNING seq::text AS seq;
