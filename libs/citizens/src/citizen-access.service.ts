import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { notFound, type Actor } from '@brygga/common';
import { AuditService, type AuditAction, type AuditRecord } from '@brygga/audit';
import { factsInForce, threadsOfPatients } from '@brygga/threads';

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

/** The thread's samtycke fact in force says the patient cannot take a position. */
const cannotConsent = (samtycke: Record<string, unknown> | undefined): boolean => samtycke?.status === 'kan_ej_ta_stallning';

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
              (SELECT p.id FROM patients_identity p WHERE p.identity_type = 'personnummer' AND p.identity_number = c.personnummer) AS patient_id
         FROM citizen c WHERE c.id = $1`,
      [citizen.userId],
    );
    if (!row) throw notFound('Personen');
    return { citizen, personnummer: row.personnummer, patientId: row.patient_id };
  }

  /** Every thread (not cancelled) whose plan the citizen may read now, own first. */
  async readableThreads(citizen: Actor, manager: EntityManager = this.dataSource.manager): Promise<ReadableThread[]> {
    // Who the citizen is a patient as, and the patients whose consents name them now (never one with protected identity).
    const [me]: { patient_id: string | null }[] = await manager.query(
      `SELECT (SELECT p.id FROM patients_identity p WHERE p.identity_type = 'personnummer' AND p.identity_number = c.personnummer) AS patient_id
         FROM citizen c WHERE c.id = $1`,
      [citizen.userId],
    );
    const consents: { id: string; patient_id: string; given_name: string }[] = await manager.query(
      `SELECT n.id, n.patient_id, p.given_name
         FROM narstaende_consent n JOIN patients_identity p ON p.id = n.patient_id AND NOT p.protected_identity
        WHERE n.relative_citizen_id = $1 AND n.withdrawn_at IS NULL AND n.ends_on >= ${TODAY}
        ORDER BY n.given_at, n.id`,
      [citizen.userId],
    );
    const own = me?.patient_id ?? null;
    // Their threads (libs/threads), newest first; a närstående's also by the thread's protection and samtycke.
    const threads = await threadsOfPatients(manager, [...(own ? [own] : []), ...consents.map((c) => c.patient_id)], ['makulerad']);
    const shared = threads.filter((t) => !t.patientProtected && consents.some((c) => c.patient_id === t.patientId));
    const samtycke = await factsInForce(
      manager,
      shared.map((t) => t.id),
      'samtycke',
    );
    return [
      ...threads
        .filter((t) => t.patientId === own)
        .map((t) => ({ threadId: t.id, patientId: t.patientId, role: 'patient' as const, consentId: null, patientGivenName: null })),
      ...shared
        .filter((t) => !cannotConsent(samtycke.get(t.id)))
        .map((t) => {
          const consent = consents.find((c) => c.patient_id === t.patientId)!;
          return {
            threadId: t.id,
            patientId: t.patientId,
            role: 'narstaende' as const,
            consentId: consent.id,
            patientGivenName: consent.given_name,
          };
        }),
    ];
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
