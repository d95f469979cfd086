import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { notFound, type Actor } from '@brygga/common';
import { AuditService, type AuditAction, type AuditRecord } from '@brygga/audit';

export type CitizenRole = 'patient' | 'narstaende';

/** Who the logged-in citizen is in Brygga: as a patient (if registered) and as a närstående. */
export interface CitizenSelf {
  citizen: Actor;
  personnummer: string;
  /** The patient registered with the citizen's personnummer; null when Brygga has none. */
  patientId: string | null;
}

/** A thread whose plan the citizen may read, and in which role. */
export interface ReadableThread {
  threadId: string;
  patientId: string;
  role: CitizenRole;
  /** For a närstående: the consent that allows it, and the patient's first name as the patient's record has it. */
  consentId: string | null;
  patientGivenName: string | null;
}

/**
 * The Stockholm date today, as the database sees it: an end date is the last day of access,
 * inclusive, in the patient's time zone whatever the server's.
 */
export const TODAY = `(now() AT TIME ZONE 'Europe/Stockholm')::date`;

/** The thread's latest samtycke fact says the patient cannot take a position. */
const CANNOT_CONSENT = (thread: string) =>
  `COALESCE((SELECT f.value->>'status' FROM thread_fact f WHERE f.thread_id = ${thread} AND f.key = 'samtycke' ORDER BY f.version DESC LIMIT 1), '') = 'kan_ej_ta_stallning'`;

/**
 * The one place that answers "may this citizen see this plan?". A patient sees the threads of the
 * patient record with their personnummer. A närstående sees a patient's threads while a consent of
 * that patient names them, has not ended (end date, Stockholm) and is not withdrawn; never for a
 * patient with protected identity (the record's flag or the thread's), never while the thread's
 * samtycke says "kan inte ta ställning". Nothing is cached: every request on every node reads the
 * consent as committed, so a withdrawal holds everywhere at once.
 */
@Injectable()
export class CitizenAccessService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async self(citizen: Actor, manager: EntityManager = this.dataSource.manager): Promise<CitizenSelf> {
    const [row]: { personnummer: string; patient_id: string | null }[] = await manager.query(
      `SELECT c.personnummer,
              (SELECT p.id FROM patient p WHERE p.identity_type = 'personnummer' AND p.identity_number = c.personnummer) AS patient_id
         FROM citizen c WHERE c.id = $1`,
      [citizen.userId],
    );
    if (!row) throw notFound('Personen');
    return { citizen, personnummer: row.personnummer, patientId: row.patient_id };
  }

  /** Every thread (not cancelled) whose plan the citizen may read now, own first. */
  async readableThreads(citizen: Actor, manager: EntityManager = this.dataSource.manager): Promise<ReadableThread[]> {
    const rows: { thread_id: string; patient_id: string; role: CitizenRole; consent_id: string | null; given_name: string | null }[] =
      await manager.query(
        `SELECT t.id AS thread_id, t.patient_id, 'patient' AS role, NULL::uuid AS consent_id, NULL AS given_name, t.created_at
           FROM citizen c
           JOIN patient p ON p.identity_type = 'personnummer' AND p.identity_number = c.personnummer
           JOIN thread t ON t.patient_id = p.id AND t.status <> 'makulerad'
          WHERE c.id = $1
         UNION ALL
         SELECT DISTINCT ON (t.id) t.id, t.patient_id, 'narstaende', n.id, p.given_name, t.created_at
           FROM narstaende_consent n
           JOIN patient p ON p.id = n.patient_id AND NOT p.protected_identity
           JOIN thread t ON t.patient_id = n.patient_id AND NOT t.patient_protected AND t.status <> 'makulerad'
          WHERE n.relative_citizen_id = $1 AND n.withdrawn_at IS NULL AND n.ends_on >= ${TODAY} AND NOT ${CANNOT_CONSENT('t.id')}
          ORDER BY 3 DESC, 6 DESC`,
        [citizen.userId],
      );
    return rows.map((r) => ({
      threadId: r.thread_id,
      patientId: r.patient_id,
      role: r.role,
      consentId: r.consent_id,
      patientGivenName: r.given_name,
    }));
  }

  /**
   * The thread, if the citizen may read its plan (as patient when they are, else as närstående);
   * otherwise the refusal is logged (naming the thread's patient in the log) and the answer is a
   * 404, exactly as for a thread that does not exist.
   */
  async readable(citizen: Actor, threadId: string, action: AuditAction, manager?: EntityManager): Promise<ReadableThread> {
    const found = (await this.readableThreads(citizen, manager)).filter((t) => t.threadId === threadId);
    const access = found.find((t) => t.role === 'patient') ?? found[0];
    if (!access) {
      await this.audit.recordNow([
        { actor: citizen, role: 'medborgare', action, outcome: 'denied', threadId, threadPatient: true, details: { citizen: true } },
      ]);
      throw notFound('Planen');
    }
    return access;
  }

  /** An access-log row of a citizen's read or action: like a staff row, with the citizen's role. */
  record(
    citizen: Actor,
    access: Pick<ReadableThread, 'role' | 'patientId'> & { threadId?: string | null },
    action: AuditAction,
    details?: AuditRecord['details'],
  ): AuditRecord {
    return {
      actor: citizen,
      role: access.role,
      action,
      outcome: 'allowed',
      patientId: access.patientId,
      threadId: access.threadId ?? null,
      ...(details ? { details } : {}),
    };
  }
}
