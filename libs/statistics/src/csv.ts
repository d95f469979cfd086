import type { Statistics, UnitFigures } from './statistics.types';

/** [column, the figure's path in Figures]. */
const COLUMNS: [string, string][] = [
  ['Ärenden', 'threads'],
  ['Utskrivna', 'discharged'],
  ['Ledtid median (timmar)', 'leadTimeHours.median'],
  ['Ledtid p90 (timmar)', 'leadTimeHours.p90'],
  ['Utskrivna samma dag', 'sameDay.count'],
  ['Andel samma dag', 'sameDay.share'],
  ['Betalningsdagar', 'paymentDays'],
  ['Kostnad (kr)', 'cost'],
  ['SIP-kallelser i tid', 'sipInTime.count'],
  ['Andel SIP i tid', 'sipInTime.share'],
  ['Avbrott', 'avbrott'],
  ['Återinskrivningar inom 30 dagar', 'readmissions30'],
  ['Utskrivna före hemgångsklar', 'dischargedBeforeReady.count'],
  ['Andel utskrivna före hemgångsklar', 'dischargedBeforeReady.share'],
  ['Varav obekräftade (import)', 'dischargedBeforeReadyUnconfirmed'],
  ['Triage grön', 'triage.gron'],
  ['Triage gul', 'triage.gul'],
  ['Triage röd', 'triage.rod'],
  ['Dagar utskrivningsklar till utskriven (median)', 'outcomes.readyToDischargeDays.median'],
  ['Dagar utskrivningsklar till utskriven (medel)', 'outcomes.readyToDischargeDays.mean'],
  ['SIP-möten hållna', 'outcomes.sipHeldCount'],
  ['Hemgångsbeslut', 'outcomes.hemgangsbeslut.count'],
  ['Beviljade timmar', 'outcomes.hemgangsbeslut.hoursGranted'],
  ['Levererade timmar', 'outcomes.hemgangsbeslut.hoursDelivered'],
  ['Förändring upplevd trygghet (medel)', 'outcomes.safetyChange.mean'],
  ['ADL förbättrad', 'outcomes.adlChange.improved'],
  ['ADL oförändrad', 'outcomes.adlChange.unchanged'],
  ['ADL försämrad', 'outcomes.adlChange.worsened'],
  ['Mål uppnådda', 'outcomes.goals.reached'],
  ['Mål delvis uppnådda', 'outcomes.goals.partly'],
  ['Mål ej uppnådda', 'outcomes.goals.notReached'],
  ['Andel mål uppnådda', 'outcomes.goals.shareReached'],
  ['Hemtjänsttimmar/vecka före inskrivning (medel)', 'outcomes.homeCareHours.beforeAdmission.mean'],
  ['Hemtjänsttimmar/vecka vid periodens slut (medel)', 'outcomes.homeCareHours.endOfPeriod.mean'],
  ['Hemtjänsttimmar/vecka 90 dagar efter utskrivning (medel)', 'outcomes.homeCareHours.after90Days.mean'],
];
const COST = new Set(['paymentDays', 'cost']);

const PLATS: Record<string, string> = { i_hemmet: 'i hemmet', pa_sjukhuset: 'på sjukhuset', digitalt: 'digitalt', annat: 'annat' };
const TYP: Record<string, string> = { forebyggande: 'förebyggande', vid_utskrivning: 'vid utskrivning' };
/** What a suppressed cell shows (the convention of Swedish official statistics). */
export const SUPPRESSED = '..';

/** A cell that a spreadsheet could read as a formula is quoted and prefixed (CSV injection). */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function value(row: UnitFigures, path: string): string {
  if (row.suppressed.includes(path)) return SUPPRESSED;
  let node: unknown = row.figures;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | null)?.[key];
  return typeof node === 'number' ? String(node).replace('.', ',') : '';
}

/**
 * Semicolon-separated with decimal commas, as Swedish spreadsheets read it; a BOM marks UTF-8.
 * The rows per unit, per discharging ward and the total; then the SIP meetings per month, place
 * and kind as a second table. Suppressed cells read "..", as on the page.
 */
export function toCsv(stats: Statistics): string {
  const columns = COLUMNS.filter(([, path]) => stats.costShown || !COST.has(path));
  const header = ['Period från', 'Period till', 'Indelning', 'Enhet', ...columns.map(([name]) => name)];
  const rows: [string, UnitFigures][] = [
    ...stats.units.map((r): [string, UnitFigures] => ['Enhet', r]),
    ...stats.wards.map((r): [string, UnitFigures] => ['Utskrivande avdelning', r]),
    ['Totalt', stats.total],
  ];
  const lines = rows.map(([kind, r]) => [
    stats.period.from,
    stats.period.to,
    kind,
    r.unitName,
    ...columns.map(([, path]) => value(r, path)),
  ]);
  const sipHeader = ['Indelning', 'Enhet', 'Månad', 'SIP-plats', 'SIP-typ', 'SIP-möten hållna'];
  const sipLines = rows.flatMap(([kind, r]) =>
    r.figures.outcomes.sipHeld.map((c, i) => [
      kind,
      r.unitName,
      c.month,
      PLATS[c.plats] ?? c.plats,
      TYP[c.typ] ?? c.typ,
      value(r, `outcomes.sipHeld.${i}.count`),
    ]),
  );
  const table = (t: string[][]) => t.map((line) => line.map(cell).join(';')).join('\r\n');
  return '\ufeff' + table([header, ...lines]) + '\r\n\r\n' + table([sipHeader, ...sipLines]) + '\r\n';
}
