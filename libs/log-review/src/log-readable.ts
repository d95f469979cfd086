/**
 * SQL expressions that make an access-log line readable (alias a = a line of AUDIT_ROWS, un = its
 * unit and o = its organisation, both from directory's read faces), shared by the reviewer's
 * extract and the patient's own account. They name only read faces (test/table-ownership.spec.ts).
 */

/**
 * The organisation and unit a row was done from, in words, for every row: the unit given; else the
 * actor's organisations (and their units there); else what the actor was (the patient, a
 * närstående, Brygga itself). Shared by the reviewer's extract and the patient's account.
 */
export const ROW_ORGANISATION = `COALESCE(o.name,
    (SELECT string_agg(o2.name, ', ' ORDER BY o2.name) FROM directory_organisation o2 WHERE o2.id = ANY(a.organisation_ids)),
    CASE WHEN a.role IN ('patient', 'narstaende', 'medborgare') THEN 'Min hemgång' WHEN a.user_id IS NULL THEN 'Brygga' END)`;
export const ROW_UNIT = `COALESCE(un.name,
    (SELECT string_agg(DISTINCT u2.name, ', ') FROM directory_membership m2 JOIN directory_unit u2 ON u2.id = m2.unit_id
      WHERE m2.user_id = a.user_id AND u2.organisation_id = ANY(a.organisation_ids)),
    CASE a.role WHEN 'patient' THEN 'Patienten själv' WHEN 'narstaende' THEN 'Närstående' WHEN 'medborgare' THEN 'Invånare'
      ELSE CASE WHEN a.user_id IS NULL THEN 'Automatiskt' END END)`;

/** The thread as people know it: its ward and the day it began (never its id). */
export const ROW_THREAD = `(SELECT tu.name || ', från ' || to_char(t.created_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM-DD')
    FROM threads_thread t JOIN directory_unit tu ON tu.id = t.owner_unit_id WHERE t.id = a.thread_id)`;

/** The line's unit and organisation (`un`, `o`): the unit's organisation when the row names none. */
export const ROW_PLACE = `LEFT JOIN directory_unit un ON un.id = a.unit_id
         LEFT JOIN directory_organisation o ON o.id = COALESCE(a.organisation_id, un.organisation_id)`;
