import type { EntityManager } from 'typeorm';

/**
 * "Mina uppgifter" (libs/tasks) gathers what a unit owes across its threads from the libraries that
 * own each table: every source is one SQL query in its owner, shaped as TaskRow and paged by the
 * same keyset (sort_at, key), so the merged list pages without reading everything.
 */

/** One thing a unit has not done yet, in one thread. */
export interface TaskRow {
  /** punkt, redo, sip_svar, kvittens or avvikelse. */
  kind: string;
  thread_id: string;
  /** The reader's unit that owes it. */
  unit_id: string;
  /** What it is about: the item, the summons, the message, the avvikelse (the thread for readiness). */
  ref_id: string;
  due_at: Date | null;
  /** The list's order: the most pressing (or oldest) first. */
  sort_at: Date;
  /** Unique within the list, the keyset's tie-breaker. */
  key: string;
  /** What the line says about it, per kind (no patient identity). */
  detail: Record<string, unknown>;
}

/** The reader's units and their organisation kinds (parallel arrays), and where the page starts. */
export interface TaskPage {
  unitIds: string[];
  orgKinds: string[];
  after: { at: Date; key: string } | null;
  limit: number;
}

/**
 * The reader's units in the active threads they take part in ($1 unit ids, $2 their organisation
 * kinds): `s.thread_id, s.unit_id, s.org_kind`, and the thread's `s.planned_discharge_date`,
 * `s.discharged_at`, `s.thread_status` and `s.thread_created_at`. Closed and makulerade threads owe nothing.
 */
export const TASK_SCOPE = `(SELECT tp.thread_id, tp.unit_id, k.org_kind, st.planned_discharge_date, st.discharged_at,
         st.status AS thread_status, st.created_at AS thread_created_at
    FROM thread_participant tp JOIN thread st ON st.id = tp.thread_id
    JOIN unnest($1::uuid[], $2::text[]) AS k(unit_id, org_kind) ON k.unit_id = tp.unit_id
   WHERE st.status NOT IN ('avslutad', 'makulerad'))`;

/**
 * Runs one source (a SELECT of TaskRow's columns that may use TASK_SCOPE, $1 and $2) from where
 * the page starts, in the list's order, at most `limit` rows.
 */
export async function pagedTasks(manager: EntityManager, source: string, page: TaskPage, extra: unknown[] = []): Promise<TaskRow[]> {
  const params: unknown[] = [page.unitIds, page.orgKinds, ...extra];
  const after = page.after
    ? `WHERE (x.sort_at, x.key) > ($${params.push(page.after.at)}::timestamptz, $${params.push(page.after.key)}::text)`
    : '';
  // The order is kept at milliseconds, what the cursor (a JavaScript Date) can say: at microseconds a
  // row would sort after its own cursor and come again.
  const rows = `SELECT y.kind, y.thread_id, y.unit_id, y.ref_id, y.due_at, date_trunc('milliseconds', y.sort_at) AS sort_at, y.key, y.detail
                  FROM (${source}) y`;
  return manager.query(`SELECT x.* FROM (${rows}) x ${after} ORDER BY x.sort_at, x.key LIMIT $${params.push(page.limit)}`, params);
}

/** Structured messages a receiving municipal unit is asked to acknowledge (kvittens), when another unit sent them. */
export const KVITTENS_ASKED_KINDS = [
  'inskrivningsmeddelande',
  'planerad_utskrivning',
  'utskrivningsklar',
  'avbrott',
  'utskrivningsmeddelande',
  'hemgangsbeslut',
];
/** The organisation kinds asked to acknowledge them: the municipality's. */
const KVITTENS_ASKED_OF = ['sof', 'hemtjanst', 'hemsjukvard'];

/** SIP summons the unit is called to, not yet answered by it, whose meeting has not passed. */
export function sipAnswerTasks(manager: EntityManager, page: TaskPage): Promise<TaskRow[]> {
  return pagedTasks(
    manager,
    `SELECT 'sip_svar'::text AS kind, m.thread_id, s.unit_id, m.id AS ref_id,
            (m.payload->>'motesTid')::timestamptz AS due_at, (m.payload->>'motesTid')::timestamptz AS sort_at,
            'sip_svar:' || m.id || ':' || s.unit_id AS key,
            jsonb_build_object('motesTid', m.payload->>'motesTid') AS detail
       FROM message m JOIN ${TASK_SCOPE} s ON s.thread_id = m.thread_id
      WHERE m.kind = 'sip_kallelse' AND (m.payload->'inbjudnaEnheter') ? s.unit_id::text
        AND (m.payload->>'motesTid')::timestamptz > now()
        AND NOT EXISTS (SELECT 1 FROM message c WHERE c.thread_id = m.thread_id AND c.corrects_message_id = m.id)
        AND NOT EXISTS (SELECT 1 FROM message a WHERE a.thread_id = m.thread_id AND a.kind = 'sip_svar'
                           AND a.author_unit_id = s.unit_id AND a.payload->>'kallelseId' = m.id::text)`,
    page,
  );
}

/** The notices and decisions a municipal unit has not acknowledged (the ward's and SOF's structured messages). */
export function kvittensTasks(manager: EntityManager, page: TaskPage): Promise<TaskRow[]> {
  return pagedTasks(
    manager,
    `SELECT 'kvittens'::text AS kind, m.thread_id, s.unit_id, m.id AS ref_id, NULL::timestamptz AS due_at, m.created_at AS sort_at,
            'kvittens:' || m.id || ':' || s.unit_id AS key, jsonb_build_object('messageKind', m.kind) AS detail
       FROM message m JOIN ${TASK_SCOPE} s ON s.thread_id = m.thread_id
      WHERE m.kind = ANY($3::text[]) AND s.org_kind = ANY($4::text[]) AND m.author_unit_id <> s.unit_id
        AND NOT EXISTS (SELECT 1 FROM message c WHERE c.thread_id = m.thread_id AND c.corrects_message_id = m.id)
        AND NOT EXISTS (SELECT 1 FROM message a WHERE a.thread_id = m.thread_id AND a.kind = 'kvittens'
                           AND a.author_unit_id = s.unit_id AND a.payload->>'meddelandeId' = m.id::text)`,
    page,
    [KVITTENS_ASKED_KINDS, KVITTENS_ASKED_OF],
  );
}

/**
 * Units of these organisation kinds (the receiving ones: hemtjänst, hemsjukvård) whose latest
 * readiness is not `redo`, in threads whose patient has not left: "Er bekräftelse saknas". Due by
 * the planned discharge (the task source of libs/checklists, whose rule reads the timeline here).
 */
export function readinessTasks(manager: EntityManager, page: TaskPage, orgKinds: readonly string[]): Promise<TaskRow[]> {
  const planned = `(s.planned_discharge_date::timestamp AT TIME ZONE 'Europe/Stockholm')`;
  return pagedTasks(
    manager,
    `SELECT 'redo'::text AS kind, s.thread_id, s.unit_id, s.thread_id AS ref_id, ${planned} AS due_at,
            coalesce(${planned}, s.thread_created_at) AS sort_at, 'redo:' || s.thread_id || ':' || s.unit_id AS key,
            jsonb_build_object('plannedDischargeDate', to_char(s.planned_discharge_date, 'YYYY-MM-DD'), 'withdrawn', r.kind IS NOT NULL) AS detail
       FROM ${TASK_SCOPE} s
       LEFT JOIN LATERAL (SELECT m.kind FROM message m WHERE m.thread_id = s.thread_id AND m.author_unit_id = s.unit_id
                             AND m.kind IN ('redo', 'redo_aterkallad') ORDER BY m.seq DESC LIMIT 1) r ON true
      WHERE s.org_kind = ANY($3::text[]) AND s.discharged_at IS NULL AND s.thread_status <> 'utskriven' AND r.kind IS DISTINCT FROM 'redo'`,
    page,
    [orgKinds],
  );
}
