import type { ReviewRow } from '@brygga/audit';

/**
 * A patient log extract (loggutdrag, PDL 8 kap. 5 §, HSLF-FS 2016:40 4 kap. 10 §): every access
 * to the patient's data in the reviewer's scope, saying from which care unit and when, and who.
 */
export interface Extract {
  patient: { identityNumber: string; name: string | null };
  from: string | null;
  to: string | null;
  madeBy: string;
  madeAt: string;
  rows: ReviewRow[];
}

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

/** CSV for spreadsheets: semicolon-separated (Swedish Excel), quoted, with a BOM so å/ä/ö survive. */
export function extractCsv(extract: Extract): string {
  const cell = (v: string): string => `"${v.replace(/"/g, '""').replace(/^([=+\-@])/, "'$1")}"`;
  const lines = [COLUMNS.map(([h]) => cell(h)).join(';'), ...extract.rows.map((r) => COLUMNS.map(([, f]) => cell(f(r))).join(';'))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const escape = (v: string): string =>
  v.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A printable page (the browser prints it to PDF), with no scripts and no outside resources. */
export function extractHtml(extract: Extract): string {
  const period = `${extract.from ? when(extract.from) : 'början'} – ${extract.to ? when(extract.to) : when(extract.madeAt)}`;
  const rows = extract.rows.map((r) => `<tr>${COLUMNS.map(([, f]) => `<td>${escape(f(r))}</td>`).join('')}</tr>`).join('\n');
  return `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Loggutdrag</title>
<style>body{font:11pt system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top}th{background:#eee}@media print{body{margin:0}}</style>
</head><body>
<h1>Loggutdrag</h1>
<p><strong>Patient:</strong> ${escape(extract.patient.identityNumber)}${extract.patient.name ? `, ${escape(extract.patient.name)}` : ''}<br>
<strong>Period:</strong> ${escape(period)}<br>
<strong>Antal åtkomster:</strong> ${extract.rows.length}<br>
<strong>Utdraget av:</strong> ${escape(extract.madeBy)}, ${escape(when(extract.madeAt))}</p>
<p>Utdraget visar varje åtkomst till patientens uppgifter i Brygga inom granskarens organisation: när, från vilken vårdenhet eller verksamhet, av vem och vad som gjordes.</p>
<table><thead><tr>${COLUMNS.map(([h]) => `<th>${escape(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}
