import type { ReviewRow } from '@brygga/audit';

/**
 * A patient log extract (loggutdrag, PDL 8 kap. 5 §, HSLF-FS 2016:40 4 kap. 10 §): every access
 * to the patient's data in the reviewer's scope, saying from which care unit and when, and who.
 * Its lines are rendered a page of the log at a time (extractLines) and the page's rows dropped: an
 * extract at its cap holds its text, not 200,000 rows as objects; head and foot go round them.
 */
export interface ExtractHead {
  patient: { identityNumber: string; name: string | null };
  from: string | null;
  to: string | null;
  madeBy: string;
  madeAt: string;
  /** The number of lines (accesses) in the extract. */
  count: number;
}

export type ExtractFormat = 'csv' | 'html';

const STOCKHOLM = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'medium' });
const when = (iso: string): string => STOCKHOLM.format(new Date(iso));

const COLUMNS: [string, (r: ReviewRow) => string][] = [
  ['Tidpunkt', (r) => when(r.occurredAt)],
  ['Organisation', (r) => r.organisationName ?? ''],
  ['Enhet', (r) => r.unitName ?? ''],
  ['Person', (r) => r.userName ?? 'Okänd (ej inloggad)'],
  ['Roll', (r) => r.roleLabel],
  ['Åtgärd', (r) => r.actionLabel],
  ['Utfall', (r) => (r.outcome === 'denied' ? 'Nekad' : 'Tillåten')],
  ['Ärende', (r) => r.threadLabel ?? ''],
  ['Från adress', (r) => r.clientAddress ?? ''],
];

const csvCell = (v: string): string => `"${v.replace(/"/g, '""').replace(/^([=+\-@])/, "'$1")}"`;

const escape = (v: string): string =>
  v.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A page's accesses as complete lines of the extract: CSV records (CRLF) or table rows. */
export function extractLines(format: ExtractFormat, rows: ReviewRow[]): string {
  if (format === 'csv') return rows.map((r) => `${COLUMNS.map(([, f]) => csvCell(f(r))).join(';')}\r\n`).join('');
  return rows.map((r) => `<tr>${COLUMNS.map(([, f]) => `<td>${escape(f(r))}</td>`).join('')}</tr>\n`).join('');
}

/**
 * The extract's text before and after its lines. CSV, for spreadsheets: semicolon-separated
 * (Swedish Excel), quoted, with a BOM so å/ä/ö survive. HTML: a printable page (the browser prints
 * it to PDF), with no scripts and no outside resources.
 */
export function extractFrame(format: ExtractFormat, head: ExtractHead): { before: string; after: string } {
  if (format === 'csv') return { before: `\uFEFF${COLUMNS.map(([h]) => csvCell(h)).join(';')}\r\n`, after: '' };
  const period = `${head.from ? when(head.from) : 'början'} – ${head.to ? when(head.to) : when(head.madeAt)}`;
  const before = `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Loggutdrag</title>
<style>body{font:11pt system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top}th{background:#eee}@media print{body{margin:0}}</style>
</head><body>
<h1>Loggutdrag</h1>
<p><strong>Patient:</strong> ${escape(head.patient.identityNumber)}${head.patient.name ? `, ${escape(head.patient.name)}` : ''}<br>
<strong>Period:</strong> ${escape(period)}<br>
<strong>Antal åtkomster:</strong> ${head.count}<br>
<strong>Utdraget av:</strong> ${escape(head.madeBy)}, ${escape(when(head.madeAt))}</p>
<p>Utdraget visar varje åtkomst till patientens uppgifter i Brygga inom granskarens organisation: när, från vilken vårdenhet eller verksamhet, av vem och vad som gjordes.</p>
<table><thead><tr>${COLUMNS.map(([h]) => `<th>${escape(h)}</th>`).join('')}</tr></thead>
<tbody>
`;
  return { before, after: '</tbody></table>\n</body></html>\n' };
}
