import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { conflict, DomainError, DomainEvents, forbidden, invalid, notFound, type Actor, type ThreadEvent } from '@brygga/common';
import type { AuditAction } from '@brygga/audit';
import { AuditService } from '@brygga/audit';
import { inTransaction } from '@brygga/database';
import { normaliseIdentityNumber } from '@brygga/patients';
import { factsInForce, threadsOfPatients } from '@brygga/threads';
import { CitizenAccessService, TODAY } from './citizen-access.service';
import { CitizenTimeline } from './citizen-timeline';
import type { ConsentDto, GiveConsentDto } from './citizens.dto';

interface ConsentRow {
  id: string;
  relative_name: string;
  scope: 'plan';
  ends_on: string;
  given_at: Date;
  withdrawn_at: Date | null;
  active: boolean;
}

const CONSENT_SELECT = `SELECT n.id, n.relative_name, n.scope, n.ends_on::text AS ends_on, n.given_at, n.withdrawn_at,
       (n.withdrawn_at IS NULL AND n.ends_on >= ${TODAY}) AS active
  FROM narstaende_consent n`;

export function mapConsent(r: ConsentRow): ConsentDto {
  return {
    id: r.id,
    namn: r.relative_name,
    omfattning: r.scope,
    slutdatum: r.ends_on,
    givetAt: r.given_at.toISOString(),
    aterkallatAt: r.withdrawn_at?.toISOString() ?? null,
    status: r.withdrawn_at ? 'aterkallat' : r.active ? 'aktivt' : 'utgatt',
  };
}

/**
 * Närstående by the patient's own choice: the patient names a närstående by personnummer, for the
 * plan only, until an end date, and may withdraw at once. Every consent stays as a row (its history);
 * each change is also an entry in the timeline of the patient's threads, so staff see it live.
 */
@Injectable()
export class ConsentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: CitizenAccessService,
    private readonly audit: AuditService,
    private readonly timeline: CitizenTimeline,
    private readonly events: DomainEvents,
  ) {}

  async list(citizen: Actor): Promise<ConsentDto[]> {
    return inTransaction(this.dataSource, async (manager) => {
      const self = await this.access.self(citizen, manager);
      if (!self.patientId) return [];
      const rows = await this.forPatient(manager, self.patientId);
      await this.audit.record(manager, [
        this.access.record(citizen, { role: 'patient', patientId: self.patientId }, 'consent.list', { count: rows.length }),
      ]);
      return rows;
    });
  }

  /** Every consent of the patient, newest first (staff read them in the thread). */
  async forPatient(manager: EntityManager, patientId: string): Promise<ConsentDto[]> {
    const rows: ConsentRow[] = await manager.query(`${CONSENT_SELECT} WHERE n.patient_id = $1 ORDER BY n.given_at DESC`, [patientId]);
    return rows.map(mapConsent);
  }

  give(citizen: Actor, dto: GiveConsentDto): Promise<ConsentDto> {
    return this.loggingRefusals(citizen, 'consent.give', () => this.giveNow(citizen, dto));
  }

  /** Withdraws at once: the next request of the närstående, on any node, is refused. */
  withdraw(citizen: Actor, consentId: string, reason?: string): Promise<ConsentDto> {
    return this.loggingRefusals(citizen, 'consent.withdraw', () => this.withdrawNow(citizen, consentId, reason), { consentId });
  }

  /** A refusal (403, 404, 409) is an access-log row of its own, like every refused attempt; a malformed request (400) is not. */
  private async loggingRefusals<T>(
    citizen: Actor,
    action: AuditAction,
    work: () => Promise<T>,
    details: Record<string, string> = {},
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof DomainError && ['forbidden', 'not_found', 'conflict'].includes(error.code)) {
        const self = await this.access.self(citizen);
        await this.audit.recordNow([
          {
            actor: citizen,
            role: self.patientId ? 'patient' : 'medborgare',
            action,
            outcome: 'denied',
            patientId: self.patientId,
            details: { ...details, reason: error.code },
          },
        ]);
      }
      throw error;
    }
  }

  private async giveNow(citizen: Actor, dto: GiveConsentDto): Promise<ConsentDto> {
    const personnummer = normaliseIdentityNumber(dto.personnummer, 'personnummer');
    if (!personnummer) throw invalid('personnummer', 'är inte ett giltigt personnummer');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dto.slutdatum)) throw invalid('slutdatum', 'måste vara ett datum (ÅÅÅÅ-MM-DD)');
    const events: ThreadEvent[] = [];
    const consent = await inTransaction(this.dataSource, async (manager) => {
      const self = await this.access.self(citizen, manager);
      if (!self.patientId) throw forbidden('Det finns ingen plan för dig i Brygga ännu, så det finns inget att dela.');
      if (personnummer === self.personnummer) throw invalid('personnummer', 'är ditt eget personnummer: ange din närståendes');
      const [{ past, far }]: { past: boolean; far: boolean }[] = await manager.query(
        `SELECT $1::date < ${TODAY} AS past, $1::date > ${TODAY} + interval '2 years' AS far`,
        [dto.slutdatum],
      );
      if (past) throw invalid('slutdatum', 'har redan passerat: välj dagens datum eller ett senare');
      if (far) throw invalid('slutdatum', 'får vara högst två år fram');
      const threads = await this.patientThreads(manager, self.patientId);
      if (threads.protectedIdentity) {
        throw forbidden('Du har skyddade personuppgifter. Därför kan ingen närstående få tillgång till din plan i Brygga.');
      }
      if (threads.cannotConsent) {
        throw conflict(
          'Vården har antecknat att samtycke inte kan lämnas just nu. Tala med avdelningen om du vill ge en närstående tillgång.',
        );
      }
      const [relative]: { id: string }[] = await manager.query(
        `INSERT INTO citizen (personnummer) VALUES ($1) ON CONFLICT (personnummer) DO UPDATE SET personnummer = EXCLUDED.personnummer RETURNING id`,
        [personnummer],
      );
      const [row]: ConsentRow[] = await manager.query(
        `WITH n AS (INSERT INTO narstaende_consent (patient_id, given_by_citizen_id, relative_citizen_id, relative_name, scope, ends_on)
                    VALUES ($1, $2, $3, $4, 'plan', $5) RETURNING *)
         ${CONSENT_SELECT.replace('FROM narstaende_consent n', 'FROM n')}`,
        [self.patientId, citizen.userId, relative.id, dto.namn.trim(), dto.slutdatum],
      );
      const consent = mapConsent(row);
      const text = `Patienten gav ${consent.namn} tillgång till Min hemgång (bara planen) till och med ${consent.slutdatum}.`;
      events.push(
        ...(await this.timeline.note(manager, threads.ids, 'narstaende_samtycke', text, {
          consentId: consent.id,
          status: 'givet',
          slutdatum: consent.slutdatum,
        })),
      );
      await this.audit.record(manager, [
        this.access.record(citizen, { role: 'patient', patientId: self.patientId }, 'consent.give', {
          consentId: consent.id,
          endsOn: consent.slutdatum,
        }),
      ]);
      return consent;
    });
    for (const event of events) this.events.publish(event);
    return consent;
  }

  private async withdrawNow(citizen: Actor, consentId: string, reason?: string): Promise<ConsentDto> {
    const events: ThreadEvent[] = [];
    const consent = await inTransaction(this.dataSource, async (manager) => {
      const self = await this.access.self(citizen, manager);
      const [row]: ConsentRow[] = self.patientId
        ? await manager.query(
            `WITH n AS (UPDATE narstaende_consent SET withdrawn_at = now() WHERE id = $1 AND patient_id = $2 AND withdrawn_at IS NULL RETURNING *)
             ${CONSENT_SELECT.replace('FROM narstaende_consent n', 'FROM n')}`,
            [consentId, self.patientId],
          )
        : [];
      if (!row) {
        const [existing]: ConsentRow[] = self.patientId
          ? await manager.query(`${CONSENT_SELECT} WHERE n.id = $1 AND n.patient_id = $2`, [consentId, self.patientId])
          : [];
        if (existing) return mapConsent(existing); // withdrawn before: nothing more to do
        throw notFound('Samtycket');
      }
      const consent = mapConsent(row);
      const threads = await this.patientThreads(manager, self.patientId!);
      const text = `Patienten återkallade ${consent.namn}s tillgång till Min hemgång.`;
      events.push(
        ...(await this.timeline.note(manager, threads.ids, 'narstaende_samtycke', text, { consentId: consent.id, status: 'aterkallat' })),
      );
      await this.audit.record(manager, [
        this.access.record(citizen, { role: 'patient', patientId: self.patientId! }, 'consent.withdraw', {
          consentId: consent.id,
          ...(reason?.trim() ? { reason: reason.trim() } : {}),
        }),
      ]);
      return consent;
    });
    for (const event of events) this.events.publish(event);
    return consent;
  }

  /** The patient's open threads, and whether any of them forbids sharing. */
  private async patientThreads(
    manager: EntityManager,
    patientId: string,
  ): Promise<{ ids: string[]; protectedIdentity: boolean; cannotConsent: boolean }> {
    const [patient]: { protected_identity: boolean }[] = await manager.query(
      'SELECT protected_identity FROM patients_identity WHERE id = $1',
      [patientId],
    );
    const threads = await threadsOfPatients(manager, [patientId], ['makulerad', 'avslutad']);
    const samtycke = await factsInForce(
      manager,
      threads.map((t) => t.id),
      'samtycke',
    );
    return {
      ids: threads.map((t) => t.id),
      protectedIdentity: (patient?.protected_identity ?? false) || threads.some((t) => t.patientProtected),
      cannotConsent: threads.some((t) => samtycke.get(t.id)?.status === 'kan_ej_ta_stallning'),
    };
  }
}
