import type { EntityManager } from 'typeorm';
import type { IdentityType } from '@brygga/patients';
import type { HemgangStatus } from './hemgang.dto';

/**
 * Reads of threads for libraries above this one, which name no table of it
 * (test/table-ownership.spec.ts): the answer, not the rows. In the caller's transaction (or on the
 * data source's manager); none checks access or logs: the caller has, or does.
 */

/** The participating units of each thread; threads not found are absent. */
export async function participantUnitsOf(manager: EntityManager, threadIds: readonly string[]): Promise<Map<string, string[]>> {
  if (!threadIds.length) return new Map();
  const rows: { thread_id: string; unit_ids: string[] }[] = await manager.query(
    'SELECT thread_id, array_agg(unit_id) AS unit_ids FROM thread_participant WHERE thread_id = ANY($1::uuid[]) GROUP BY thread_id',
    [[...new Set(threadIds)]],
  );
  return new Map(rows.map((r) => [r.thread_id, r.unit_ids]));
}

/** The patient of each thread; threads not found are absent. */
export async function patientsOf(manager: EntityManager, threadIds: readonly string[]): Promise<Map<string, string>> {
  if (!threadIds.length) return new Map();
  const rows: { id: string; patient_id: string }[] = await manager.query('SELECT id, patient_id FROM thread WHERE id = ANY($1::uuid[])', [
    [...new Set(threadIds)],
  ]);
  return new Map(rows.map((r) => [r.id, r.patient_id]));
}

/**
 * Each thread's patient and participating units, for the access log's rows about a thread that
 * lack them (registered as AuditFacts.threadFacts by ThreadsModule); threads not found are absent.
 */
export async function threadAuditFacts(
  manager: EntityManager,
  threadIds: readonly string[],
): Promise<Map<string, { patientId: string; units: string[] }>> {
  if (!threadIds.length) return new Map();
  const rows: { id: string; patient_id: string; units: string[] }[] = await manager.query(
    `SELECT t.id, t.patient_id, ARRAY(SELECT tp.unit_id FROM thread_participant tp WHERE tp.thread_id = t.id) AS units
       FROM thread t WHERE t.id = ANY($1::uuid[])`,
    [[...new Set(threadIds)]],
  );
  return new Map(rows.map((r) => [r.id, { patientId: r.patient_id, units: r.units }]));
}

/** A thread's patient as a message to another system names it: the identity now, the name the thread was registered with. */
export interface ThreadPatientCard {
  identityType: IdentityType;
  identityNumber: string;
  reserveIssuer: string;
  givenName: string;
  familyName: string;
  admittedAt: Date | null;
}

/** The thread's patient card; undefined for an unknown thread. */
export async function threadPatientCard(manager: EntityManager, threadId: string): Promise<ThreadPatientCard | undefined> {
  const [row]: {
    identity_type: IdentityType;
    identity_number: string;
    reserve_issuer: string;
    given_name: string;
    family_name: string;
    admitted_at: Date | null;
  }[] = await manager.query(
    `SELECT p.identity_type, p.identity_number, p.reserve_issuer, t.patient_given_name AS given_name, t.patient_family_name AS family_name, t.admitted_at
       FROM thread t JOIN patients_identity p ON p.id = t.patient_id WHERE t.id = $1`,
    [threadId],
  );
  return (
    row && {
      identityType: row.identity_type,
      identityNumber: row.identity_number,
      reserveIssuer: row.reserve_issuer,
      givenName: row.given_name,
      familyName: row.family_name,
      admittedAt: row.admitted_at,
    }
  );
}

/**
 * The patient's open threads (not avslutad or makulerad) that the unit takes part in, latest
 * changed first, each with whether `alsoUnitId` takes part too.
 */
export async function openThreadsOfPatientWith(
  manager: EntityManager,
  patientId: string,
  unitId: string,
  alsoUnitId: string,
): Promise<{ id: string; alsoTakesPart: boolean }[]> {
  const rows: { id: string; also: boolean }[] = await manager.query(
    `SELECT t.id, EXISTS (SELECT 1 FROM thread_participant p WHERE p.thread_id = t.id AND p.unit_id = $3) AS also
       FROM thread t
      WHERE t.patient_id = $1 AND t.status NOT IN ('avslutad', 'makulerad')
        AND EXISTS (SELECT 1 FROM thread_participant p WHERE p.thread_id = t.id AND p.unit_id = $2)
      ORDER BY t.updated_at DESC`,
    [patientId, unitId, alsoUnitId],
  );
  return rows.map((r) => ({ id: r.id, alsoTakesPart: r.also }));
}

/** A thread's state and dates as other libraries read them. */
export interface ThreadDatesRead {
  status: string;
  createdAt: Date;
  admittedAt: Date | null;
  /** A date (YYYY-MM-DD). */
  plannedDischargeDate: string | null;
  dischargedAt: Date | null;
}

/** The thread's status and dates; undefined for an unknown thread. */
export async function threadDatesOf(manager: EntityManager, threadId: string): Promise<ThreadDatesRead | undefined> {
  const [row]: { status: string; created_at: Date; admitted_at: Date | null; planned: string | null; discharged_at: Date | null }[] =
    await manager.query(
      `SELECT status, created_at, admitted_at, to_char(planned_discharge_date, 'YYYY-MM-DD') AS planned, discharged_at FROM thread WHERE id = $1`,
      [threadId],
    );
  return (
    row && {
      status: row.status,
      createdAt: row.created_at,
      admittedAt: row.admitted_at,
      plannedDischargeDate: row.planned,
      dischargedAt: row.discharged_at,
    }
  );
}

/** A thread's owner and patient, and its participating units apart from one organisation kind. */
export interface ThreadUnits {
  id: string;
  ownerUnitId: string;
  patientId: string;
  unitIds: string[];
}

/** Each thread's owner, patient and participants, leaving out the units of `exceptKind` (e.g. hemtjänst). */
export async function threadUnits(manager: EntityManager, threadIds: readonly string[], exceptKind?: string): Promise<ThreadUnits[]> {
  if (!threadIds.length) return [];
  const rows: { id: string; owner_unit_id: string; patient_id: string; unit_ids: string[] }[] = await manager.query(
    `SELECT t.id, t.owner_unit_id, t.patient_id,
            ARRAY(SELECT tp.unit_id FROM thread_participant tp JOIN directory_unit u ON u.id = tp.unit_id
                   WHERE tp.thread_id = t.id AND u.organisation_kind IS DISTINCT FROM $2) AS unit_ids
       FROM thread t WHERE t.id = ANY($1::uuid[])`,
    [[...new Set(threadIds)], exceptKind ?? null],
  );
  return rows.map((r) => ({ id: r.id, ownerUnitId: r.owner_unit_id, patientId: r.patient_id, unitIds: r.unit_ids }));
}

/** A structured message that a participating unit (not its author's) has not read. */
export interface UnreadMessage {
  threadId: string;
  seq: number;
  kind: string;
  createdAt: Date;
  authorUnitId: string;
  unitId: string;
  unitName: string;
}

/**
 * Messages of these kinds, sent after `since` and at or before `until`, in threads of these statuses, that a
 * participating unit other than the author's has no read receipt for: one row per message and unit.
 */
export async function unreadMessages(
  manager: EntityManager,
  query: { kinds: readonly string[]; statuses: readonly string[]; since: Date; until: Date },
): Promise<UnreadMessage[]> {
  const rows: {
    thread_id: string;
    seq: number;
    kind: string;
    created_at: Date;
    author_unit_id: string;
    unit_id: string;
    unit_name: string;
  }[] = await manager.query(
    `SELECT m.thread_id, m.seq, m.kind, m.created_at, m.author_unit_id, tp.unit_id, u.name AS unit_name
       FROM message m
       JOIN thread t ON t.id = m.thread_id AND t.status = ANY($2::text[])
       JOIN thread_participant tp ON tp.thread_id = m.thread_id AND tp.unit_id <> m.author_unit_id
       JOIN directory_unit u ON u.id = tp.unit_id
      WHERE m.kind = ANY($1::text[]) AND m.created_at <= $4 AND m.created_at > $3
        AND NOT EXISTS (SELECT 1 FROM read_receipt r WHERE r.message_id = m.id AND r.unit_id = tp.unit_id)`,
    [query.kinds, query.statuses, query.since, query.until],
  );
  return rows.map((r) => ({
    threadId: r.thread_id,
    seq: r.seq,
    kind: r.kind,
    createdAt: r.created_at,
    authorUnitId: r.author_unit_id,
    unitId: r.unit_id,
    unitName: r.unit_name,
  }));
}

/** The first unit of an organisation kind to take part in the thread (e.g. its SOF), or null. */
export async function firstParticipantOfKind(manager: EntityManager, threadId: string, orgKind: string): Promise<string | null> {
  const [row]: { unit_id: string }[] = await manager.query(
    `SELECT tp.unit_id FROM thread_participant tp JOIN directory_unit u ON u.id = tp.unit_id
      WHERE tp.thread_id = $1 AND u.organisation_kind = $2 ORDER BY tp.added_at LIMIT 1`,
    [threadId, orgKind],
  );
  return row?.unit_id ?? null;
}

/** A thread of a patient, as a citizen's access reads it. */
export interface PatientThread {
  id: string;
  patientId: string;
  status: string;
  /** The owning ward declared the patient's identity protected in this thread. */
  patientProtected: boolean;
  createdAt: Date;
}

/** The patients' threads, not in one of the statuses left out, newest first. */
export async function threadsOfPatients(
  manager: EntityManager,
  patientIds: readonly string[],
  leaveOut: readonly string[],
): Promise<PatientThread[]> {
  if (!patientIds.length) return [];
  const rows: { id: string; patient_id: string; status: string; patient_protected: boolean | null; created_at: Date }[] =
    await manager.query(
      `SELECT id, patient_id, status, patient_protected, created_at FROM thread
        WHERE patient_id = ANY($1::uuid[]) AND NOT (status = ANY($2::text[])) ORDER BY created_at DESC, id`,
      [[...new Set(patientIds)], leaveOut],
    );
  return rows.map((r) => ({
    id: r.id,
    patientId: r.patient_id,
    status: r.status,
    patientProtected: r.patient_protected ?? false,
    createdAt: r.created_at,
  }));
}

/** Each thread's fact in force under the key (its latest version's value); threads without one are absent. */
export async function factsInForce(
  manager: EntityManager,
  threadIds: readonly string[],
  key: string,
): Promise<Map<string, Record<string, unknown>>> {
  if (!threadIds.length) return new Map();
  const rows: { thread_id: string; value: Record<string, unknown> }[] = await manager.query(
    `SELECT DISTINCT ON (thread_id) thread_id, value FROM thread_fact WHERE thread_id = ANY($1::uuid[]) AND key = $2
      ORDER BY thread_id, version DESC`,
    [[...new Set(threadIds)], key],
  );
  return new Map(rows.map((r) => [r.thread_id, r.value]));
}

/**
 * The going-home state cached on the thread: hemgångsklar since when (null: not), and the state
 * shown with its reason. libs/checklists derives both under the thread lock and stores them here.
 */
export async function hemgangState(
  manager: EntityManager,
  threadId: string,
): Promise<{ hemgangsklarAt: Date | null; status: HemgangStatus | null } | undefined> {
  const [row]: { hemgangsklar_at: Date | null; hemgangsklar_status: HemgangStatus | null }[] = await manager.query(
    'SELECT hemgangsklar_at, hemgangsklar_status FROM thread WHERE id = $1',
    [threadId],
  );
  return row && { hemgangsklarAt: row.hemgangsklar_at, status: row.hemgangsklar_status };
}

/** Stores the going-home state derived for the thread (the caller holds the thread lock). */
export async function storeHemgangStatus(manager: EntityManager, threadId: string, status: HemgangStatus): Promise<void> {
  await manager.query('UPDATE thread SET hemgangsklar_status = $2 WHERE id = $1', [threadId, JSON.stringify(status)]);
}

/** Marks the thread hemgångsklar from now, or no longer (the caller holds the thread lock); the moment stored. */
export async function storeHemgangsklar(manager: EntityManager, threadId: string, hemgangsklar: boolean): Promise<Date | null> {
  // TypeORM answers an UPDATE … RETURNING with [rows, count].
  const [[row]]: [{ hemgangsklar_at: Date | null }[], number] = await manager.query(
    'UPDATE thread SET hemgangsklar_at = CASE WHEN $2::boolean THEN now() ELSE NULL END WHERE id = $1 RETURNING hemgangsklar_at',
    [threadId, hemgangsklar],
  );
  return row.hemgangsklar_at;
}
