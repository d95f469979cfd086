/**
 * SQL expressions that make an access-log row readable (alias a = audit_log, un = its unit,
 * o = its organisation), shared by the reviewer's extract and the patient's own account.
 */

/**
 * The organisation and unit a row was done from, in words, for every row: the unit given; else the
 * actor's organisations (and their units there); else what the actor was (the patient, a
 * närstående, Brygga itself). Shared by the reviewer's extract and the patient's account.
 */
export const ROW_ORGANISATION = `COALESCE(o.name,
    (SELECT string_agg(o2.name, ', ' ORDER BY o2.name) FROM organisation o2 WHERE o2.id = ANY(a.organisation_ids)),
    CASE WHEN a.role IN ('patient', 'narstaende', 'medborgare') THEN 'Min hemgång' WHEN a.user_id IS NULL THEN 'Brygga' END)`;
export const ROW_UNIT = `COALESCE(un.name,
    (SELECT string_agg(DISTINCT u2.name, ', ') FROM membership m2 JOIN unit u2 ON u2.id = m2.unit_id
      WHERE m2.user_id = a.user_id AND u2.organisation_id = ANY(a.organisation_ids)),
    CASE a.role WHEN 'patient' THEN 'Patienten själv' WHEN 'narstaende' THEN 'Närstående' WHEN 'medborgare' THEN 'Invånare'
      ELSE CASE WHEN a.user_id IS NULL THEN 'Automatiskt' END END)`;

/** The thread as people know it: its ward and the day it began (never its id). */
export const ROW_THREAD = `(SELECT tu.name || ', från ' || to_char(t.created_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM-DD')
    FROM thread t JOIN unit tu ON tu.id = t.owner_unit_id WHERE t.id = a.thread_id)`;

/**
 * Every access the log records, one per line, whatever row holds it (alias it `a`). Most rows
 * record one access. A row with `details.covers` records many in one row — the messages a node
 * pushed live in one second to all its readers, the threads one inbox list showed — each entry
 * naming its reader (`u`, `n`, `unit`, `o`, `r`, `og`, `ca`; absent: the row's own) and its
 * thread and patient (`t`, `p`), sealed with the row. `details.covered` lists every patient,
 * thread and reader id in it, for the index (audit_log_covered). `covering` is true on such lines.
 * A line reads only its entry, never the row's whole `details` again: that is one large, compressed
 * value per row, and reading it per line took a search seconds.
 */
export const AUDIT_ROWS = auditRows();

/**
 * AUDIT_ROWS with conditions on the stored rows (alias `a` = audit_log: `seq`, `occurred_at`, …)
 * applied before a covering row is expanded: true of a row, true of each of its lines. A search
 * passes its row numbers and period here, or every covering row in the log is expanded first.
 */
export function auditRows(rowWhere: string[] = []): string {
  const and = rowWhere.map((w) => ` AND ${w}`).join('');
  return `(
  SELECT a.seq, a.occurred_at, a.user_id, a.user_name, a.unit_id, a.organisation_id, a.role, a.patient_id, a.thread_id,
         a.action, a.outcome, a.client_address, a.details, a.organisation_ids, a.patient_ref, false AS covering
    FROM audit_log a WHERE (a.details ? 'covers') IS NOT TRUE${and}
  UNION ALL
  SELECT a.seq, a.occurred_at, COALESCE((e->>'u')::uuid, a.user_id), COALESCE(e->>'n', a.user_name),
         CASE WHEN e ? 'unit' THEN (e->>'unit')::uuid ELSE a.unit_id END,
         CASE WHEN e ? 'unit' THEN (e->>'o')::uuid ELSE a.organisation_id END, COALESCE(e->>'r', a.role),
         (e->>'p')::uuid, (e->>'t')::uuid, a.action, a.outcome, COALESCE(e->>'ca', a.client_address),
         COALESCE(e->'d', '{}'::jsonb),
         CASE WHEN e ? 'og' THEN translate(e->>'og', '[]"', '{}')::uuid[] ELSE a.organisation_ids END,
         NULL::bytea, true
    FROM audit_log a CROSS JOIN LATERAL jsonb_array_elements(a.details->'covers') e WHERE a.details ? 'covers'${and})`;
}

/**
 * The rows that cover an id (a patient, thread or reader; `id` is an SQL expression of type uuid),
 * by the index on details->'covered': with `a.seq IN (…)` a search reaches them without expanding
 * every covering row.
 */
export const COVERING = (id: string) =>
  `SELECT b.seq FROM audit_log b WHERE b.details ? 'covers' AND b.details->'covered' @> jsonb_build_array(${id})`;
