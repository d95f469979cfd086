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
];

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
  return '\ufeff' + [header, ...lines].map((line) => line.map(cell).join(';')).join('\r\n') + '\r\n';
}
