import type { Figures, UnitFigures } from './statistics.types';

/**
 * No figure may identify a patient. The rule (docs/statistics.md), applied to every row (unit,
 * discharging ward, total) before a figure leaves the server, JSON and CSV alike:
 *  1. a count of 1–4 is suppressed (0 is shown: it describes nobody);
 *  2. a figure computed from 1–4 threads (a mean, median, share, sum of hours or days) is suppressed;
 *  3. complements: where a part and its whole are shown, the remainder (whole − part) is a cell
 *     too, so a part is suppressed when the remainder is 1–4; where parts add up to a whole
 *     (triage, ADL, goals, SIP meetings), one suppressed part takes the smallest other with it;
 *  4. across rows: when one row's count is suppressed and the total is shown, the smallest other
 *     row's count of that column is suppressed too, so the total cannot reveal it.
 * A share is suppressed with the count it reveals.
 */
export const SMALL_CELL_RULE =
  'Inga uppgifter om enskilda: antal 1–4 visas inte (..), inte heller medelvärden, andelar, timmar och dagar räknade på färre än 5 ärenden. ' +
  'För att en summa inte ska avslöja en dold uppgift döljs också den minsta kompletterande uppgiften i samma rad eller kolumn.';

export const MIN_CELL = 5;

const COUNTS = [
  'threads',
  'discharged',
  'sameDay.count',
  'sameDay.of',
  'sipInTime.count',
  'sipInTime.of',
  'avbrott',
  'readmissions30',
  'dischargedBeforeReady.count',
  'dischargedBeforeReady.of',
  'dischargedBeforeReadyUnconfirmed',
  'triage.gron',
  'triage.gul',
  'triage.rod',
  'outcomes.readyToDischargeDays.n',
  'outcomes.sipHeldCount',
  'outcomes.hemgangsbeslut.count',
  'outcomes.hemgangsbeslut.withHours',
  'outcomes.safetyChange.n',
  'outcomes.adlChange.n',
  'outcomes.adlChange.improved',
  'outcomes.adlChange.unchanged',
  'outcomes.adlChange.worsened',
  'outcomes.goals.threads',
  'outcomes.goals.goals',
  'outcomes.goals.reached',
  'outcomes.goals.partly',
  'outcomes.goals.notReached',
  'outcomes.homeCareHours.beforeAdmission.n',
  'outcomes.homeCareHours.endOfPeriod.n',
  'outcomes.homeCareHours.after90Days.n',
];

/** Figures computed from threads: [figure, the count of threads it is computed from]. */
const DERIVED: [string, string][] = [
  ['leadTimeHours.median', 'outcomes.readyToDischargeDays.n'],
  ['leadTimeHours.p90', 'outcomes.readyToDischargeDays.n'],
  ['sameDay.share', 'sameDay.of'],
  ['sipInTime.share', 'sipInTime.of'],
  ['dischargedBeforeReady.share', 'dischargedBeforeReady.of'],
  ['paymentDays', 'threads'],
  ['cost', 'threads'],
  ['outcomes.readyToDischargeDays.median', 'outcomes.readyToDischargeDays.n'],
  ['outcomes.readyToDischargeDays.mean', 'outcomes.readyToDischargeDays.n'],
  ['outcomes.hemgangsbeslut.hoursGranted', 'outcomes.hemgangsbeslut.withHours'],
  ['outcomes.hemgangsbeslut.hoursDelivered', 'outcomes.hemgangsbeslut.count'],
  ['outcomes.safetyChange.mean', 'outcomes.safetyChange.n'],
  ['outcomes.adlChange.meanSteps', 'outcomes.adlChange.n'],
  ['outcomes.goals.shareReached', 'outcomes.goals.threads'],
  ['outcomes.homeCareHours.beforeAdmission.mean', 'outcomes.homeCareHours.beforeAdmission.n'],
  ['outcomes.homeCareHours.endOfPeriod.mean', 'outcomes.homeCareHours.endOfPeriod.n'],
  ['outcomes.homeCareHours.after90Days.mean', 'outcomes.homeCareHours.after90Days.n'],
];

/** [whole, part]: the remainder is an implicit cell. */
const PAIRS: [string, string][] = [
  ['threads', 'discharged'],
  ['sameDay.of', 'sameDay.count'],
  ['sipInTime.of', 'sipInTime.count'],
  ['dischargedBeforeReady.of', 'dischargedBeforeReady.count'],
  ['dischargedBeforeReady.count', 'dischargedBeforeReadyUnconfirmed'],
];

/** A share reveals its count. */
const REVEALS: [string, string][] = [
  ['sameDay.share', 'sameDay.count'],
  ['sipInTime.share', 'sipInTime.count'],
  ['dischargedBeforeReady.share', 'dischargedBeforeReady.count'],
  ['outcomes.goals.shareReached', 'outcomes.goals.reached'],
];

const PARTITIONS: string[][] = [
  ['triage.gron', 'triage.gul', 'triage.rod'],
  ['outcomes.adlChange.improved', 'outcomes.adlChange.unchanged', 'outcomes.adlChange.worsened'],
  ['outcomes.goals.reached', 'outcomes.goals.partly', 'outcomes.goals.notReached'],
];

type Node = Record<string, unknown>;

function get(figures: Figures, path: string): number | null {
  let node: unknown = figures;
  for (const key of path.split('.')) node = (node as Node | null)?.[key];
  return typeof node === 'number' ? node : null;
}

function hide(row: Row, path: string): boolean {
  if (row.hidden.has(path)) return false;
  const keys = path.split('.');
  let node = row.figures as unknown as Node;
  for (const key of keys.slice(0, -1)) node = node[key] as Node;
  node[keys[keys.length - 1]] = null;
  row.hidden.add(path);
  return true;
}

interface Row {
  figures: Figures;
  hidden: Set<string>;
  original: (path: string) => number | null;
}

const small = (value: number | null) => value !== null && value > 0 && value < MIN_CELL;

/** The SIP meeting cells of a row, as paths. */
const sipPaths = (figures: Figures) => figures.outcomes.sipHeld.map((_, i) => `outcomes.sipHeld.${i}.count`);

/** Hides, in place, what would identify a patient; one pass of the rules until nothing changes. */
function applyRow(row: Row): boolean {
  let changed = false;
  const counts = [...COUNTS, ...sipPaths(row.figures)];
  for (const path of counts) if (small(row.original(path))) changed = hide(row, path) || changed;
  for (const [figure, base] of DERIVED) {
    const n = row.original(base);
    const value = row.original(figure);
    if (value !== null && n !== null && n < MIN_CELL && !(n === 0 && value === 0)) changed = hide(row, figure) || changed;
  }
  for (const [whole, part] of PAIRS) {
    const w = row.original(whole);
    const p = row.original(part);
    if (w !== null && p !== null && small(w - p) && !row.hidden.has(whole)) changed = hide(row, part) || changed;
  }
  for (const group of [...PARTITIONS, sipPaths(row.figures)]) {
    const hidden = group.filter((p) => row.hidden.has(p));
    if (hidden.length !== 1) continue;
    const next = group
      .filter((p) => !row.hidden.has(p) && (row.original(p) ?? 0) > 0)
      .sort((a, b) => (row.original(a) ?? 0) - (row.original(b) ?? 0))[0];
    if (next) changed = hide(row, next) || changed;
  }
  for (const [share, count] of REVEALS) if (row.hidden.has(count)) changed = hide(row, share) || changed;
  return changed;
}

/** Across the rows of one breakdown: a lone suppressed cell in a column takes the smallest other with it. */
function applyColumns(rows: Row[], total: Row): boolean {
  let changed = false;
  if (rows.length < 2) return false;
  for (const path of COUNTS) {
    if (total.hidden.has(path)) continue;
    const hidden = rows.filter((r) => r.hidden.has(path));
    if (hidden.length !== 1) continue;
    const next = rows
      .filter((r) => !r.hidden.has(path) && (r.original(path) ?? 0) > 0)
      .sort((a, b) => (a.original(path) ?? 0) - (b.original(path) ?? 0))[0];
    if (next) changed = hide(next, path) || changed;
  }
  // The SIP meeting cells, column by month, place and kind.
  const key = (c: { month: string; plats: string; typ: string }) => `${c.month}|${c.plats}|${c.typ}`;
  const totalKeys = new Map(total.figures.outcomes.sipHeld.map((c, i) => [key(c), `outcomes.sipHeld.${i}.count`]));
  for (const [k, totalPath] of totalKeys) {
    if (total.hidden.has(totalPath)) continue;
    const cells = rows
      .map((r) => ({ r, i: r.figures.outcomes.sipHeld.findIndex((c) => key(c) === k) }))
      .filter((x) => x.i >= 0)
      .map((x) => ({ r: x.r, path: `outcomes.sipHeld.${x.i}.count` }));
    if (cells.filter((c) => c.r.hidden.has(c.path)).length !== 1) continue;
    const next = cells
      .filter((c) => !c.r.hidden.has(c.path) && (c.r.original(c.path) ?? 0) > 0)
      .sort((a, b) => (a.r.original(a.path) ?? 0) - (b.r.original(b.path) ?? 0))[0];
    if (next) changed = hide(next.r, next.path) || changed;
  }
  return changed;
}

function row(unit: Omit<UnitFigures, 'suppressed'>): Row & { unit: Omit<UnitFigures, 'suppressed'> } {
  const original = structuredClone(unit.figures);
  return { unit, figures: unit.figures, hidden: new Set(), original: (path) => get(original, path) };
}

/** Suppresses small cells in every breakdown and the total, in place; returns the rows with what was hidden. */
export function suppressSmallCells(
  breakdowns: Omit<UnitFigures, 'suppressed'>[][],
  total: Omit<UnitFigures, 'suppressed'>,
): { breakdowns: UnitFigures[][]; total: UnitFigures } {
  const t = row(total);
  const all = breakdowns.map((b) => b.map(row));
  for (let pass = 0; pass < 20; pass++) {
    let changed = applyRow(t);
    for (const rows of all) {
      for (const r of rows) changed = applyRow(r) || changed;
      changed = applyColumns(rows, t) || changed;
    }
    if (!changed) break;
  }
  const out = (r: ReturnType<typeof row>): UnitFigures => ({ ...r.unit, suppressed: [...r.hidden].sort() });
  return { breakdowns: all.map((rows) => rows.map(out)), total: out(t) };
}
