import type { HemgangMissingGroup, HemgangStatus } from '@brygga/threads';
import { ORG_KIND_LABELS } from './item-values';
import { applies } from './template-definition';
import type { DerivationChecklist, Derived, ReceivingUnitState } from './hemgangsklar';

/**
 * The honest going-home state and the discharge check (docs/domain.md, "Utskrivning mot planen").
 * Pure functions with the facts passed in: the thread header, the inbox, the live events and the
 * discharge check all come from here.
 */

/** A receiving unit with the moment its current readiness was given (what the readiness rested on). */
export interface ReceivingWithSince extends ReceivingUnitState {
  since: { at: string } | null;
}

/** What the thread itself says about the plan, read alongside the checklists. */
export interface PlanFacts {
  status: string;
  /** YYYY-MM-DD. */
  plannedDischargeDate: string | null;
  dischargedAt: string | null;
  /** When the planned date last changed from an earlier, different date. */
  plannedChangedAt: string | null;
  /** When the pick-up time last changed from an earlier, different time. */
  pickUpChangedAt: string | null;
  /** The active avbrott's time (the latest avbrott message while the thread's status is avbrott). */
  avbrottAt: string | null;
  /** The discharge message recorded conflicts with the plan (confirmed or not). */
  dischargedAgainstPlan: boolean;
}

const dayTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const dayOnly = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', day: 'numeric', month: 'short' });
const isoDate = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' });

/** "9 dec 09:00" (Swedish short month without the abbreviation dot, Stockholm time). */
export function shortDayTime(t: number | string): string {
  return dayTime.format(new Date(t)).replace('.', '');
}

function shortDay(date: string): string {
  return dayOnly.format(new Date(`${date}T12:00:00Z`)).replace('.', '');
}

/** The Swedish calendar date (YYYY-MM-DD) of a moment. */
function stockholmDate(t: number): string {
  return isoDate.format(new Date(t));
}

/** The booked pick-up, when the transport checklist has one (klar, with a time). */
export function pickUpTime(checklists: DerivationChecklist[]): number | null {
  for (const checklist of checklists) {
    const byKey = new Map(checklist.items.map((i) => [i.key, i]));
    const item = byKey.get('upphamtning');
    if (!item || item.state !== 'klar' || typeof item.value !== 'string') continue;
    if (!applies(item.definition, (key) => byKey.get(key))) continue;
    const t = Date.parse(item.value);
    if (!Number.isNaN(t)) return t;
  }
  return null;
}

export type DischargeConflictKind = 'avbrott' | 'enhet_ej_redo' | 'enhet_redo_senare' | 'upphamtning_senare' | 'punkt_ej_klar';

export interface DischargeConflict {
  kind: DischargeConflictKind;
  /** Swedish, one line: "Hemtjänst Norr är redo först 9 dec 09:00". */
  message: string;
}

/**
 * What does not fit when the patient is discharged at `at`: an active avbrott, a receiving unit not
 * (or not yet) ready, a pick-up booked later, a required item still open. No receiving unit and no
 * checklist is no conflict: the ward then discharges without home care.
 */
export function dischargeConflicts(
  at: number,
  checklists: DerivationChecklist[],
  receiving: ReceivingUnitState[],
  derived: Derived,
  plan: Pick<PlanFacts, 'status' | 'avbrottAt'>,
): DischargeConflict[] {
  const conflicts: DischargeConflict[] = [];
  if (plan.status === 'avbrott') {
    conflicts.push({
      kind: 'avbrott',
      message: `Ett avbrott pågår${plan.avbrottAt ? ` sedan ${shortDayTime(plan.avbrottAt)}` : ''}: patienten är inte utskrivningsklar.`,
    });
  }
  for (const unit of receiving) {
    if (unit.latest !== 'redo') {
      conflicts.push({
        kind: 'enhet_ej_redo',
        message:
          unit.latest === 'aterkallad'
            ? `${unit.name} har återkallat att de är redo att ta emot patienten.`
            : `${unit.name} har inte bekräftat att de är redo att ta emot patienten.`,
      });
      continue;
    }
    const from = unit.redoFran ? Date.parse(unit.redoFran) : NaN;
    if (!Number.isNaN(from) && from > at)
      conflicts.push({ kind: 'enhet_redo_senare', message: `${unit.name} är redo först ${shortDayTime(from)}.` });
  }
  const pickUp = pickUpTime(checklists);
  if (pickUp !== null && pickUp > at) {
    conflicts.push({ kind: 'upphamtning_senare', message: `Upphämtningen är bokad först ${shortDayTime(pickUp)}.` });
  }
  for (const missing of derived.missing) {
    if (missing.reason === 'item_not_done') conflicts.push({ kind: 'punkt_ej_klar', message: missing.message });
  }
  return conflicts;
}

/** Who is responsible for a missing thing, for the per-party grouping. */
function responsibleOf(missing: Derived['missing'][number], receiving: ReceivingUnitState[]): string {
  if (missing.unitId) return receiving.find((u) => u.unitId === missing.unitId)?.name ?? 'Mottagande enhet';
  if (missing.responsible) return ORG_KIND_LABELS[missing.responsible].title;
  return 'Avdelningen';
}

/** Why the times must be checked again, whether or not the thread is hemgångsklar. */
export function timeWarnings(
  checklists: DerivationChecklist[],
  receiving: ReceivingWithSince[],
  derived: Derived,
  plan: PlanFacts,
): string[] {
  const warnings: string[] = [];
  if (plan.status === 'avbrott') {
    warnings.push(`Avbrott${plan.avbrottAt ? ` sedan ${shortDayTime(plan.avbrottAt)}` : ''}: patienten är inte utskrivningsklar just nu.`);
  }
  const ready = receiving.filter((u) => u.latest === 'redo' && u.since);
  const restedOnEarlier = (changedAt: string | null) =>
    changedAt ? ready.filter((u) => Date.parse(u.since!.at) < Date.parse(changedAt)).map((u) => u.name) : [];
  const plannedStale = restedOnEarlier(plan.plannedChangedAt);
  if (plannedStale.length && plan.plannedDischargeDate) {
    warnings.push(
      `Planerad utskrivning ändrades till ${shortDay(plan.plannedDischargeDate)} (${shortDayTime(plan.plannedChangedAt!)}) efter att ${plannedStale.join(' och ')} bekräftade redo.`,
    );
  }
  const pickUp = pickUpTime(checklists);
  const pickUpStale = restedOnEarlier(plan.pickUpChangedAt);
  if (pickUpStale.length && pickUp !== null) {
    warnings.push(
      `Upphämtningen ändrades till ${shortDayTime(pickUp)} (${shortDayTime(plan.pickUpChangedAt!)}) efter att ${pickUpStale.join(' och ')} bekräftade redo.`,
    );
  }
  if (plan.plannedDischargeDate) {
    for (const unit of ready) {
      const from = unit.redoFran ? Date.parse(unit.redoFran) : NaN;
      if (!Number.isNaN(from) && stockholmDate(from) > plan.plannedDischargeDate) {
        warnings.push(
          `${unit.name} är redo först ${shortDayTime(from)}, efter planerad utskrivning ${shortDay(plan.plannedDischargeDate)}.`,
        );
      }
    }
    if (pickUp !== null && stockholmDate(pickUp) !== plan.plannedDischargeDate) {
      warnings.push(
        `Upphämtningen ${shortDayTime(pickUp)} är ${stockholmDate(pickUp) < plan.plannedDischargeDate ? 'före' : 'efter'} planerad utskrivning ${shortDay(plan.plannedDischargeDate)}.`,
      );
    }
  }
  // The pick-up before the receivers are ready (deriveHemgangsklar's own check).
  warnings.push(...derived.warnings);
  return warnings;
}

/**
 * One state with its reason. Precedence: utskriven (the patient has left; "Hemgångsklar från …"
 * would be stale), then ej_klar (something is missing), then kontrollera_tiderna (everything is in
 * place but the times do not fit), then klar.
 */
export function deriveHemgangStatus(
  checklists: DerivationChecklist[],
  receiving: ReceivingWithSince[],
  derived: Derived,
  plan: PlanFacts,
): HemgangStatus {
  if (plan.dischargedAt) {
    return {
      state: 'utskriven',
      fran: plan.dischargedAt,
      saknas: [],
      kontrollera: [],
      ...(plan.dischargedAgainstPlan ? { utskrivenForeHemgangsklar: true } : {}),
    };
  }
  const kontrollera = timeWarnings(checklists, receiving, derived, plan);
  const pickUp = pickUpTime(checklists);
  const upphamtning = pickUp === null ? {} : { upphamtning: new Date(pickUp).toISOString() };
  if (!derived.hemgangsklar) {
    const groups = new Map<string, HemgangMissingGroup>();
    for (const missing of derived.missing) {
      const ansvarig = responsibleOf(missing, receiving);
      const group = groups.get(ansvarig) ?? { ansvarig, punkter: [] };
      group.punkter.push(missing.message);
      groups.set(ansvarig, group);
    }
    return { state: 'ej_klar', fran: null, saknas: [...groups.values()], kontrollera, ...upphamtning };
  }
  return {
    state: kontrollera.length ? 'kontrollera_tiderna' : 'klar',
    fran: derived.kanTaEmotFran,
    saknas: [],
    kontrollera,
    ...upphamtning,
  };
}
