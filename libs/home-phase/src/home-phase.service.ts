import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { conflict, forbidden, invalid, type Actor } from '@brygga/common';
import { AuditService } from '@brygga/audit';
import {
  CLOSED_STATUSES,
  ThreadAccessService,
  ThreadDerivations,
  threadRecord,
  type DerivationContext,
  type DerivationOutcome,
} from '@brygga/threads';
import type { HomePhaseDto } from './home-phase.mapper';
import * as q from './home-phase.queries';
import { addDays, isInFuture, swedishDate } from './home-phase.rules';

const NOTHING: DerivationOutcome = { events: [], audit: [] };
const HOME_KIND_LIST = [
  'mottagen_hemma',
  'avvikelse',
  'avvikelse_svar',
  'kvittens',
  'trygg_hemgang_start',
  'matning',
  'hemtjanstimmar',
  'levererade_timmar',
  'langsiktigt_beslut',
  'overlamning',
] as const;
type HomeKind = (typeof HOME_KIND_LIST)[number];
const HOME_KINDS: ReadonlySet<string> = new Set(HOME_KIND_LIST);
const isHomeKind = (kind: string): kind is HomeKind => HOME_KINDS.has(kind);

type Payload = Record<string, unknown>;

/**
 * The home phase after discharge: its rules that need the thread's state are checked in the
 * post's transaction (a refusal rolls the post back, so nothing is written), and its tables are
 * kept from the messages. It also tells the thread what keeps it from being closed.
 */
@Injectable()
export class HomePhaseService implements OnModuleInit {
  constructor(
    private readonly access: ThreadAccessService,
    private readonly audit: AuditService,
    private readonly derivations: ThreadDerivations,
  ) {}

  onModuleInit(): void {
    this.derivations.register((manager, context) => this.derive(manager, context));
    this.derivations.registerOpenWork((manager, threadId) => q.openWork(manager, threadId));
  }

  async summary(actor: Actor, threadId: string): Promise<HomePhaseDto> {
    return this.access.withThread(actor, threadId, 'home_phase.read', {}, async (manager, access) => {
      const dates = await q.threadDates(manager, threadId);
      const rows = await q.summaryRows(manager, threadId);
      const period = await q.period(manager, threadId);
      const myOrganisations = new Set(
        actor.memberships.filter((m) => access.actingUnitIds.includes(m.unitId)).map((m) => m.organisationId),
      );
      const delivered = rows.hours.filter((h) => h.kind === 'levererade');
      const dto: HomePhaseDto = {
        threadId,
        phase: CLOSED_STATUSES.includes(access.thread.status) ? 'avslutad' : dates.discharged_at ? 'hemma' : 'fore_utskrivning',
        dischargedAt: dates.discharged_at?.toISOString() ?? null,
        receptions: rows.receptions.map((r) => ({
          messageId: r.message_id,
          unitId: r.unit_id,
          unitName: r.unit_name,
          observedAt: r.observed_at.toISOString(),
          recordedAt: r.recorded_at.toISOString(),
        })),
        deviations: rows.deviations.map((d) => ({
          messageId: d.message_id,
          category: d.category,
          reportedByUnitId: d.reported_by_unit_id,
          responsibleUnitId: d.responsible_unit_id,
          responsibleUnitName: d.responsible_unit_name,
          responsibleOrganisationName: d.responsible_organisation_name,
          state: d.state,
          reportedAt: d.reported_at.toISOString(),
          closedAt: d.closed_at?.toISOString() ?? null,
          mayAnswer: d.state === 'oppen' && myOrganisations.has(d.responsible_organisation_id),
        })),
        period: period
          ? {
              startDate: period.start_date,
              plannedEndDate: period.planned_end_date,
              carryingUnitId: period.carrying_unit_id,
              carryingUnitName: await q.unitName(manager, period.carrying_unit_id),
              goals: period.goals,
              handedOverOn: period.handed_over_on,
              handedOverTo: period.handed_over_to,
              running: !period.handover_message_id,
            }
          : null,
        measurements: rows.measurements.map((m) => ({
          moment: m.moment,
          measuredAt: m.measured_at.toISOString(),
          safety: m.safety,
          adl: m.adl,
          ratedBy: m.rated_by,
        })),
        granted: rows.granted
          ? {
              hours: Number(rows.granted.payload.beviljadeTimmar),
              per: rows.granted.payload.per,
              from: rows.granted.payload.giltigtFran,
              to: rows.granted.payload.giltigtTill ?? null,
            }
          : null,
        delivered: delivered.map((h) => ({ weekFrom: h.week_from ?? '', hours: Number(h.hours), unitId: h.unit_id })),
        deliveredTotal: delivered.reduce((sum, h) => sum + Number(h.hours), 0),
        recordedHours: rows.hours.filter((h) => h.kind !== 'levererade').map((h) => ({ kind: h.kind, hoursPerWeek: Number(h.hours) })),
        longTermDecision: rows.decision
          ? { decidedOn: rows.decision.decided_on, hoursPerWeek: Number(rows.decision.hours_per_week), insatser: rows.decision.insatser }
          : null,
        openItems: await q.openWork(manager, threadId),
      };
      await this.audit.record(manager, [
        threadRecord(actor, access, 'home_phase.read', { details: { deviations: dto.deviations.length } }),
      ]);
      return dto;
    });
  }

  private async derive(manager: EntityManager, context: DerivationContext): Promise<DerivationOutcome> {
    const { message, threadId, unitId } = context;
    if (!isHomeKind(message.kind) || !message.payload) return NOTHING;
    const p = message.payload;
    if (message.correctsMessageId && message.kind !== 'kvittens') await q.forgetMessage(manager, threadId, message.correctsMessageId);
    const ids = { messageId: message.id, threadId };
    const now = new Date();
    switch (message.kind) {
      case 'mottagen_hemma': {
        const dates = await q.threadDates(manager, threadId);
        const observed = new Date(p.mottagenAt as string);
        if (isInFuture(observed, now)) throw invalid('payload.mottagenAt', 'kan inte ligga i framtiden');
        if (dates.discharged_at && observed < dates.discharged_at) throw invalid('payload.mottagenAt', 'kan inte vara före utskrivningen');
        await q.insertReception(manager, { ...ids, unitId, observedAt: observed.toISOString(), recordedAt: message.createdAt });
        break;
      }
      case 'avvikelse': {
        const responsible = p.ansvarigEnhet as string;
        if (!context.participantUnitIds.includes(responsible)) {
          throw invalid('payload.ansvarigEnhet', 'avvikelsen kan bara riktas till en organisation som deltar i ärendet');
        }
        const organisation = (await q.organisationOf(manager, responsible)) as string;
        await q.insertDeviation(manager, {
          ...ids,
          reportedByUnitId: unitId,
          category: p.kategori as string,
          responsibleUnitId: responsible,
          responsibleOrganisationId: organisation,
          reportedAt: message.createdAt,
        });
        break;
      }
      case 'avvikelse_svar':
      case 'kvittens':
        await this.closeDeviation(manager, context, p);
        break;
      case 'trygg_hemgang_start': {
        if (await q.period(manager, threadId)) throw conflict('Det finns redan en Trygg hemgång-period i ärendet. Rätta den i stället.');
        const carrying = p.barandeEnhet as string;
        if (!context.participantUnitIds.includes(carrying)) throw invalid('payload.barandeEnhet', 'enheten deltar inte i ärendet');
        if ((p.planeratSlut as string) < (p.startdatum as string)) throw invalid('payload.planeratSlut', 'kan inte vara före startdatumet');
        const dates = await q.threadDates(manager, threadId);
        const admitted = dates.admitted_at ?? dates.created_at;
        if ((p.startdatum as string) < swedishDate(admitted)) throw invalid('payload.startdatum', 'kan inte vara före inskrivningen');
        await q.insertPeriod(manager, {
          ...ids,
          startDate: p.startdatum as string,
          plannedEndDate: p.planeratSlut as string,
          carryingUnitId: carrying,
          goals: (p.mal as string[] | undefined) ?? [],
        });
        break;
      }
      case 'matning':
        await this.measure(manager, threadId, message.id, p);
        break;
      case 'hemtjanstimmar':
        await q.insertHours(manager, { ...ids, unitId, kind: p.tidpunkt as string, weekFrom: null, hours: p.timmarPerVecka as number });
        break;
      case 'levererade_timmar': {
        const week = p.veckaFran as string;
        const dates = await q.threadDates(manager, threadId);
        // A week that began up to six days before the discharge still covers days at home.
        if (dates.discharged_at && week < addDays(swedishDate(dates.discharged_at), -6)) {
          throw invalid('payload.veckaFran', 'veckan ligger före utskrivningen');
        }
        if (week > swedishDate(now)) throw invalid('payload.veckaFran', 'veckan har inte börjat än');
        if (await q.deliveredWeekTaken(manager, threadId, unitId, week)) {
          throw conflict('Er enhet har redan rapporterat timmar för den veckan. Rätta den rapporten i stället.');
        }
        await q.insertHours(manager, { ...ids, unitId, kind: 'levererade', weekFrom: week, hours: p.timmar as number });
        break;
      }
      case 'langsiktigt_beslut':
        await q.insertDecision(manager, {
          ...ids,
          decidedOn: p.beslutsdatum as string,
          hoursPerWeek: p.timmarPerVecka as number,
          insatser: (p.insatser as string[] | undefined) ?? [],
        });
        break;
      case 'overlamning': {
        const current = await q.period(manager, threadId);
        if (!current) throw conflict('Det finns ingen Trygg hemgång-period att lämna över.');
        if (current.handover_message_id) throw conflict('Trygg hemgång-perioden är redan överlämnad.');
        if ((p.overlamnadDatum as string) < current.start_date)
          throw invalid('payload.overlamnadDatum', 'kan inte vara före periodens start');
        await q.handOver(manager, threadId, message.id, p.overlamnadDatum as string, p.till as string);
        break;
      }
    }
    return NOTHING;
  }

  /**
   * The patient's own rating of upplevd trygghet in Min hemgång (libs/citizens writes the entry on
   * their behalf, in its transaction): only while a period runs, by the same rules as staff's.
   */
  async recordPatientSafety(
    manager: EntityManager,
    threadId: string,
    messageId: string,
    rating: { moment: string; measuredAt: string; safety: number },
  ): Promise<void> {
    const current = await q.period(manager, threadId);
    if (!current || current.handover_message_id) {
      throw conflict('Det pågår ingen Trygg hemgång-period just nu, så det finns inget att svara på.');
    }
    await this.measure(
      manager,
      threadId,
      messageId,
      {
        moment: rating.moment,
        matdAt: rating.measuredAt,
        trygghet: rating.safety,
        skattadAv: 'patienten',
      },
      'observedAt',
    );
  }

  /** What Min hemgång asks: whether a period runs, and the moments already measured. No log row (the caller logs). */
  async safetyQuestion(
    manager: EntityManager,
    threadId: string,
  ): Promise<{ running: boolean; plannedEndDate: string | null; measured: string[] }> {
    const current = await q.period(manager, threadId);
    const measured: string[] = [];
    // The patient is asked about trygghet only: a moment with staff's ADL alone is still open to them.
    for (const moment of ['start', 'slut']) if ((await q.measuredValues(manager, threadId, moment)).safety) measured.push(moment);
    return { running: Boolean(current && !current.handover_message_id), plannedEndDate: current?.planned_end_date ?? null, measured };
  }

  private async measure(manager: EntityManager, threadId: string, messageId: string, p: Payload, field = 'payload.matdAt'): Promise<void> {
    if (!(await q.period(manager, threadId))) throw conflict('Det finns ingen Trygg hemgång-period att mäta i. Starta perioden först.');
    const moment = p.moment as string;
    const already = await q.measuredValues(manager, threadId, moment);
    const repeated = [p.trygghet !== undefined && already.safety && 'upplevd trygghet', p.adl !== undefined && already.adl && 'ADL'].filter(
      Boolean,
    );
    if (repeated.length > 0) {
      const when = moment === 'start' ? 'periodens start' : 'periodens slut';
      throw conflict(`Det finns redan en mätning av ${repeated.join(' och ')} vid ${when}. Rätta den i stället.`);
    }
    const dates = await q.threadDates(manager, threadId);
    const measured = new Date(p.matdAt as string);
    if (measured < (dates.admitted_at ?? dates.created_at)) throw invalid(field, 'kan inte vara före inskrivningen');
    if (isInFuture(measured, new Date())) throw invalid(field, 'kan inte ligga i framtiden');
    await q.insertMeasurement(manager, {
      messageId,
      threadId,
      moment,
      measuredAt: measured.toISOString(),
      safety: (p.trygghet as number | undefined) ?? null,
      adl: (p.adl as string | undefined) ?? null,
      ratedBy: (p.skattadAv as string | undefined) ?? null,
    });
  }

  /** An answer (avvikelse_svar) or a kvittens from the responsible organisation closes an open avvikelse. */
  private async closeDeviation(manager: EntityManager, context: DerivationContext, p: Payload): Promise<void> {
    const answer = context.message.kind === 'avvikelse_svar';
    const targetId = (answer ? p.avvikelseId : p.meddelandeId) as string;
    const target = await q.deviation(manager, context.threadId, targetId);
    if (!target) {
      if (answer) throw invalid('payload.avvikelseId', 'avvikelsen finns inte i detta ärende');
      return; // a kvittens of another kind of message
    }
    const organisation = await q.organisationOf(manager, context.unitId);
    if (organisation !== target.responsible_organisation_id) {
      if (answer) throw forbidden('Endast den organisation som avvikelsen är riktad till kan besvara den.');
      return; // others may acknowledge that they have seen it; it stays open
    }
    if (target.state !== 'oppen') {
      if (answer) throw conflict('Avvikelsen är redan besvarad eller kvitterad.');
      return;
    }
    await q.closeDeviation(manager, context.threadId, targetId, answer ? 'besvarad' : 'kvitterad', {
      messageId: context.message.id,
      at: context.message.createdAt,
    });
  }
}
