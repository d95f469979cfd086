/**
 * The access log's rows for its readers (libs/log-review, above this library): SQL fragments over
 * audit's own tables (alias a = a line of AUDIT_ROWS), so a reader's statement names no table of
 * audit's and pages the log in one statement.
 */

/** The chain's hash of the line's row (null until sealed). */
export const ROW_HASH = '(SELECT c.hash FROM audit_chain c WHERE c.seq = a.seq)';

/**
 * Row numbers of the rows with `column` = `value` (an SQL parameter), plain rows by their index and
 * covering ones by theirs.
 */
export const ROWS_WHERE = (column: 'patient_id' | 'user_id' | 'thread_id', value: string): string =>
  `SELECT b.seq FROM audit_log b WHERE b.${column} = ${value} UNION ${COVERING(`${value}::uuid`)}`;

/**
 * Row numbers of the rows about a patient of `patients` (a SELECT of patient ids), and of the rows
 * sealed with or searched by the identity reference `ref` (an SQL parameter): one set from three
 * indexes (an OR across a join would scan the log).
 */
export const ROWS_OF_PATIENTS = (patients: string, ref: string): string =>
  `SELECT b.seq FROM audit_log b WHERE b.patient_id IN (${patients})
                 UNION SELECT b.seq FROM audit_log b WHERE b.patient_ref = ${ref}
                 UNION SELECT l.seq FROM audit_chain l WHERE l.patient_ref = ${ref}
                 UNION SELECT c.seq FROM (${patients}) pp CROSS JOIN LATERAL (${COVERING('pp.id')}) c`;

/** Row numbers of the rows about one patient (`patient`, an SQL uuid) or searched under `ref`: the patient's own account. */
export const ROWS_OF_PATIENT = (patient: string, ref: string): string =>
  `SELECT b.seq FROM audit_log b WHERE b.patient_id = ${patient} UNION SELECT b.seq FROM audit_log b WHERE b.patient_ref = ${ref}
                      UNION ${COVERING(`${patient}::uuid`)}`;

/** The lines of the rows that record one access each (`and`: more conditions on the row). */
const PLAIN_LINES = (
  and: string,
) => `SELECT a.seq, a.occurred_at, a.user_id, a.user_name, a.unit_id, a.organisation_id, a.role, a.patient_id, a.thread_id,
         a.action, a.outcome, a.client_address, a.details, a.organisation_ids, a.patient_ref, false AS covering, 0::bigint AS entry
    FROM audit_log a WHERE (a.details ? 'covers') IS NOT TRUE${and}`;

/** The lines of the covering rows, one per entry (`and`: more conditions on the row). */
const COVERED_LINES = (
  and: string,
) => `SELECT a.seq, a.occurred_at, COALESCE((e->>'u')::uuid, a.user_id) AS user_id, COALESCE(e->>'n', a.user_name) AS user_name,
         CASE WHEN e ? 'unit' THEN (e->>'unit')::uuid ELSE a.unit_id END AS unit_id,
         CASE WHEN e ? 'unit' THEN (e->>'o')::uuid ELSE a.organisation_id END AS organisation_id, COALESCE(e->>'r', a.role) AS role,
         (e->>'p')::uuid AS patient_id, (e->>'t')::uuid AS thread_id, a.action, a.outcome,
         COALESCE(e->>'ca', a.client_address) AS client_address, COALESCE(e->'d', '{}'::jsonb) AS details,
         CASE WHEN e ? 'og' THEN translate(e->>'og', '[]"', '{}')::uuid[] ELSE a.organisation_ids END AS organisation_ids,
         NULL::bytea AS patient_ref, true AS covering, c.entry
    FROM audit_log a CROSS JOIN LATERAL jsonb_array_elements(a.details->'covers') WITH ORDINALITY AS c(e, entry)
   WHERE a.details ? 'covers'${and}`;

/**
 * Every access the log records, one per line, whatever row holds it (alias it `a`). Most rows
 * record one access. A row with `details.covers` records many in one row — the messages a node
 * pushed live in one second to all its readers, the threads one inbox list showed — each entry
 * naming its reader (`u`, `n`, `unit`, `o`, `r`, `og`, `ca`; absent: the row's own) and its
 * thread and patient (`t`, `p`), sealed with the row. `details.covered` lists every patient,
 * thread and reader id in it, for the index (audit_log_covered). `covering` is true on such lines;
 * `entry` numbers them within their row from 1 (0 on a plain row's line): the log's lines are in
 * the order `seq DESC, entry`, and a line is named by both (`lineId`).
 * A line reads only its entry, never the row's whole `details` again: that is one large, compressed
 * value per row, and reading it per line took a search seconds.
 */
export const AUDIT_ROWS = auditRows();

/**
 * AUDIT_ROWS with conditions on the stored rows (alias `a` = audit_log: `seq`, `occurred_at`, …)
 * applied before a covering row is expanded: true of a row, true of each of its lines. A search
 * passes its row numbers and period here, or every covering row in the log is expanded first.
 *
 * With `page`: only one page of those lines, the newest `page.limit` (an SQL parameter) that meet
 * `page.where` (conditions on a line, alias `a` as in AUDIT_ROWS), newest first — the lines that
 * `WHERE … ORDER BY a.seq DESC LIMIT n` over the whole set gives (lines of one row tie, as there).
 * Each kind of row is walked backwards by its own index (the primary key; audit_log_covers_seq)
 * and stops at its limit-th line, and the two are merged: PostgreSQL does not take a UNION ALL of
 * unlike subqueries in order, and sorted the whole log for one page (a search in the organisation's
 * scope alone expanded every covering row: seconds). Whatever a caller computes per line from other
 * tables belongs outside, over the page's lines only.
 */
export function auditRows(rowWhere: string[] = [], page?: { where: string[]; limit: string }): string {
  const and = rowWhere.map((w) => ` AND ${w}`).join('');
  if (!page) {
    return `(
  ${PLAIN_LINES(and)}
  UNION ALL
  ${COVERED_LINES(and)})`;
  }
  const where = page.where.join(' AND ') || 'true';
  const newest = (lines: string) => `(SELECT * FROM (${lines}) a WHERE ${where} ORDER BY a.seq DESC, a.entry LIMIT ${page.limit})`;
  return `(SELECT * FROM (${newest(PLAIN_LINES(and))}
  UNION ALL
  ${newest(COVERED_LINES(and))}) a ORDER BY a.seq DESC, a.entry LIMIT ${page.limit})`;
}

/**
 * A line's name, unique in the log: its row's number, and for a line of a covering row its entry
 * ("1234" or "1234.5"). A page of the review ends at a line, and the next begins after it, also
 * within a covering row (a page that ended at a row's number skipped the rest of its lines).
 */
export function lineId(seq: string, entry: string | number): string {
  return Number(entry) > 0 ? `${seq}.${entry}` : seq;
}

/** The line after which a page begins (see lineId): a plain number means before that row. */
export function parseLineId(id: string): { seq: string; entry: string } {
  const [seq, entry] = id.split('.');
  // Before row `seq`: after its last entry (no row has this many).
  return { seq, entry: entry ?? String(2 ** 62) };
}

/**
 * Conditions for the lines after `after` (a line id, as SQL parameters `seq` and `entry`): one on
 * the rows (applied before the expansion, so each kind of row is walked from there by its index)
 * and one on the lines (within that row).
 */
export const LINES_AFTER = (seq: string, entry: string) => ({
  row: `a.seq <= ${seq}`,
  line: `(a.seq < ${seq} OR a.entry > ${entry}::bigint)`,
});

/**
 * The rows that cover an id (a patient, thread or reader; `id` is an SQL expression of type uuid),
 * by the index on details->'covered': with `a.seq IN (…)` a search reaches them without expanding
 * every covering row.
 */
export const COVERING = (id: string) =>
  `SELECT b.seq FROM audit_log b WHERE b.details ? 'covers' AND b.details->'covered' @> jsonb_build_array(${id})`;
