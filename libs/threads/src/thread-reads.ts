import type { EntityManager } from 'typeorm';
import type { IdentityType } from '@brygga/patients';

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
