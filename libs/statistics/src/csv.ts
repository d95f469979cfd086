import type { Figures, UnitFigures } from './statistics.types';

const COLUMNS: [string, (f: Figures) => number | null][] = [
  ['Ärenden', (f) => f.threads],
  ['Utskrivna', (f) => f.discharged],
  ['Ledtid median (timmar)', (f) => f.leadTimeHours.median],
  ['Ledtid p90 (timmar)', (f) => f.leadTimeHours.p90],
  ['Utskrivna samma dag', (f) => f.sameDay.count],
  ['Andel samma dag', (f) => f.sameDay.share],
  ['Betalningsdagar', (f) => f.paymentDays],
  ['Kostnad (kr)', (f) => f.cost],
  ['SIP-kallelser i tid', (f) => f.sipInTime.count],
  ['Andel SIP i tid', (f) => f.sipInTime.share],
  ['Avbrott', (f) => f.avbrott],
  ['Återinskrivningar inom 30 dagar', (f) => f.readmissions30],
  ['Utskrivna före hemgångsklar', (f) => f.dischargedBeforeReady.count],
  ['Andel utskrivna före hemgångsklar', (f) => f.dischargedBeforeReady.share],
  ['Varav obekräftade (import)', (f) => f.dischargedBeforeReadyUnconfirmed],
  ['Triage grön', (f) => f.triage.gron],
  ['Triage gul', (f) => f.triage.gul],
  ['Triage röd', (f) => f.triage.rod],
  ['Dagar utskrivningsklar till utskriven (median)', (f) => f.outcomes.readyToDischargeDays.median],
  ['Dagar utskrivningsklar till utskriven (medel)', (f) => f.outcomes.readyToDischargeDays.mean],
  ['SIP-möten hållna', (f) => f.outcomes.sipHeld.reduce((n, c) => n + c.count, 0)],
  ['Hemgångsbeslut', (f) => f.outcomes.hemgangsbeslut.count],
  ['Beviljade timmar', (f) => f.outcomes.hemgangsbeslut.hoursGranted],
  ['Levererade timmar', (f) => f.outcomes.hemgangsbeslut.hoursDelivered],
  ['Förändring upplevd trygghet (medel)', (f) => f.outcomes.safetyChange.mean],
  ['ADL förbättrad', (f) => f.outcomes.adlChange.improved],
  ['ADL oförändrad', (f) => f.outcomes.adlChange.unchanged],
  ['ADL försämrad', (f) => f.outcomes.adlChange.worsened],
  ['Mål uppnådda', (f) => f.outcomes.goals.reached],
  ['Mål delvis uppnådda', (f) => f.outcomes.goals.partly],
  ['Mål ej uppnådda', (f) => f.outcomes.goals.notReached],
  ['Andel mål uppnådda', (f) => f.outcomes.goals.shareReached],
  ['Hemtjänsttimmar/vecka före inskrivning (medel)', (f) => f.outcomes.homeCareHours.beforeAdmission.mean],
  ['Hemtjänsttimmar/vecka vid periodens slut (medel)', (f) => f.outcomes.homeCareHours.endOfPeriod.mean],
  ['Hemtjänsttimmar/vecka 90 dagar efter utskrivning (medel)', (f) => f.outcomes.homeCareHours.after90Days.mean],
];

const PLATS: Record<string, string> = { i_hemmet: 'i hemmet', pa_sjukhuset: 'på sjukhuset', digitalt: 'digitalt', annat: 'annat' };
const TYP: Record<string, string> = { forebyggande: 'förebyggande', vid_utskrivning: 'vid utskrivning' };

/** A cell that a spreadsheet could read as a formula is quoted and prefixed (CSV injection). */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Semicolon-separated with decimal commas, as Swedish spreadsheets read it; a BOM marks UTF-8. */
export function toCsv(period: { from: string; to: string }, rows: UnitFigures[]): string {
  const header = ['Period från', 'Period till', 'Enhet', ...COLUMNS.map(([name]) => name)];
  const lines = rows.map((r) => [
    period.from,
    period.to,
    r.unitName,
    ...COLUMNS.map(([, get]) => String(get(r.figures) ?? '').replace('.', ',')),
  ]);
  // The SIP meetings per month, place and kind: a second table below the first, after an empty line.
  const sipHeader = ['Enhet', 'Månad', 'SIP-plats', 'SIP-typ', 'SIP-möten hållna'];
  const sipLines = rows.flatMap((r) =>
    r.figures.outcomes.sipHeld.map((c) => [r.unitName, c.month, PLATS[c.plats] ?? c.plats, TYP[c.typ] ?? c.typ, String(c.count)]),
  );
  const table = (t: string[][]) => t.map((line) => line.map(cell).join(';')).join('\r\n');
  return '\ufeff' + table([header, ...lines]) + '\r\n\r\n' + table([sipHeader, ...sipLines]) + '\r\n';
}
