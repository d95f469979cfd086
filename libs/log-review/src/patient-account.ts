import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AUDIT_KEY,
  auditRows,
  patientRef,
  ROWS_OF_PATIENT,
  type AccountEntry,
  type AccountGroup,
  type AuditKey,
  type PatientAccountDto,
} from '@brygga/audit';
import { roleLabel } from '@brygga/common';
import { ACTION_LABELS } from './audit-review.service';
import { ROW_ORGANISATION, ROW_PLACE, ROW_UNIT } from './log-readable';

/** At most this many rows in one account (the newest); a reviewer's extract has them all. */
const ACCOUNT_ROWS = 5000;

interface Row {
  occurred_at: Date;
  role: string | null;
  action: string;
  outcome: string;
  user_id: string | null;
  organisation_name: string | null;
  unit_name: string | null;
}

const DAY = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' });
const TIME = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' });

/**
 * "Vem har tittat på mina uppgifter": every access-log row about the patient (by their record, and
 * searches and extracts under their number), grouped per unit and day for the patient to read.
 */
@Injectable()
export class PatientAccountService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(AUDIT_KEY) private readonly key: AuditKey,
  ) {}

  async entries(patientId: string, personnummer: string): Promise<{ entries: AccountEntry[]; truncated: boolean }> {
    const ref = patientRef(this.key.identityKey, { type: 'personnummer', number: personnummer, issuer: '' });
    const rows: Row[] = await this.dataSource.query(
      `SELECT a.occurred_at, a.role, a.action, a.outcome, a.user_id, ${ROW_ORGANISATION} AS organisation_name, ${ROW_UNIT} AS unit_name
         FROM ${auditRows([`a.seq IN (${ROWS_OF_PATIENT('$1', '$2')})`])} a
         ${ROW_PLACE}
        WHERE NOT a.covering OR a.patient_id = $1
        ORDER BY a.seq DESC LIMIT ${ACCOUNT_ROWS + 1}`,
      [patientId, ref],
    );
    return {
      truncated: rows.length > ACCOUNT_ROWS,
      entries: rows.slice(0, ACCOUNT_ROWS).map((r) => ({
        occurredAt: r.occurred_at.toISOString(),
        organisation: r.organisation_name ?? 'Okänd organisation',
        unit: r.unit_name ?? 'Okänd enhet',
        role: roleLabel(r.role) || (r.user_id ? 'Okänd roll' : 'Brygga (automatiskt)'),
        what: ACTION_LABELS[r.action] ?? r.action,
        outcome: r.outcome === 'denied' ? 'Nekad' : 'Tillåten',
      })),
    };
  }

  async account(patientId: string, personnummer: string): Promise<PatientAccountDto> {
    const { entries, truncated } = await this.entries(patientId, personnummer);
    return { groups: groupAccount(entries), total: entries.length, truncated };
  }
}

export function groupAccount(entries: AccountEntry[]): AccountGroup[] {
  const groups = new Map<string, AccountGroup>();
  for (const e of entries) {
    const day = DAY.format(new Date(e.occurredAt));
    const key = `${day}\u0000${e.organisation}\u0000${e.unit}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { day, organisation: e.organisation, unit: e.unit, count: 0, roles: [], entries: [] }));
    group.count += 1;
    if (!group.roles.includes(e.role)) group.roles.push(e.role);
    group.entries.push(e);
  }
  return [...groups.values()];
}

const cell = (v: string): string => `"${v.replace(/"/g, '""').replace(/^([=+\-@])/, "'$1")}"`;
const escape = (v: string): string =>
  v.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const ACCOUNT_COLUMNS: [string, (e: AccountEntry) => string][] = [
  ['Tidpunkt', (e) => TIME.format(new Date(e.occurredAt))],
  ['Organisation', (e) => e.organisation],
  ['Enhet', (e) => e.unit],
  ['Roll', (e) => e.role],
  ['Vad', (e) => e.what],
  ['Utfall', (e) => e.outcome],
];

/** CSV for spreadsheets: semicolon-separated, with a BOM so å/ä/ö survive. */
export function accountCsv(entries: AccountEntry[]): string {
  const lines = [
    ACCOUNT_COLUMNS.map(([h]) => cell(h)).join(';'),
    ...entries.map((e) => ACCOUNT_COLUMNS.map(([, f]) => cell(f(e))).join(';')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A printable page, grouped per unit and day; no scripts, no outside resources. */
export function accountHtml(entries: AccountEntry[], madeAt: Date): string {
  const groups = groupAccount(entries)
    .map(
      (g) => `<section><h2>${escape(g.day)} · ${escape(g.organisation)} · ${escape(g.unit)} (${g.count})</h2>
<table><thead><tr>${ACCOUNT_COLUMNS.map(([h]) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>
${g.entries.map((e) => `<tr>${ACCOUNT_COLUMNS.map(([, f]) => `<td>${escape(f(e))}</td>`).join('')}</tr>`).join('\n')}
</tbody></table></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Vem har tittat på mina uppgifter</title>
<style>body{font:11pt system-ui,sans-serif;margin:2em}h2{font-size:12pt;margin:1.5em 0 .3em}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top}th{background:#eee}section{break-inside:avoid-page}@media print{body{margin:0}}</style>
</head><body>
<h1>Vem har tittat på mina uppgifter</h1>
<p>Varje gång någon har läst eller ändrat dina uppgifter i Brygga, eller försökt göra det, sparas det. Här är alla sådana tillfällen, per enhet och dag. Utdraget gjordes ${escape(TIME.format(madeAt))}; ${entries.length} tillfällen.</p>
${groups || '<p>Ingen har tittat på dina uppgifter i Brygga.</p>'}
</body></html>
`;
}
