import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AUDIT_KEY,
  auditRows,
  LINES_AFTER,
  lineId,
  parseLineId,
  patientRef,
  ROW_HASH,
  ROWS_OF_PATIENTS,
  ROWS_WHERE,
  type AuditKey,
  type ReviewRow,
} from '@brygga/audit';
import { roleLabel } from '@brygga/common';
import { userIdsByHsaIdOrPersonnummer } from '@brygga/directory';
import { formatIdentityNumber, maskIdentityNumber, normaliseIdentityNumber, type IdentityType } from '@brygga/patients';

/** What a reviewer asks for; identity numbers and names arrive in a request body, never in a URL. */
export interface ReviewFilter {
  patientId?: string;
  /** Personnummer or samordningsnummer, in any usual form. */
  identityNumber?: string;
  userId?: string;
  /** A name (part of it), an HSA-id or a personnummer of the person who acted. */
  person?: string;
  unitId?: string;
  threadId?: string;
  from?: Date;
  to?: Date;
  /** The line (lineId) after which the page begins, newest first: the previous page's last line. */
  after?: string;
  limit: number;
}

import { ROW_ORGANISATION, ROW_PLACE, ROW_THREAD, ROW_UNIT } from './log-readable';

export const ACTION_LABELS: Record<string, string> = {
  'thread.list': 'Läste ärendelistan',
  'task.list': 'Läste Mina uppgifter',
  'thread.read': 'Läste ärende',
  'thread.offline_read': 'Läste ärende utan täckning (sparat på telefonen)',
  'thread.create': 'Skapade ärende',
  'thread.transfer': 'Lämnade över ärende',
  'thread.close': 'Avslutade ärende',
  'thread.cancel': 'Makulerade ärende',
  'participant.add': 'Lade till enhet i ärende',
  'participant.remove': 'Tog bort enhet ur ärende',
  'fact.change': 'Ändrade uppgift i ärende',
  'message.list': 'Läste meddelanden',
  'message.create': 'Skrev meddelande',
  'message.push': 'Fick meddelanden direkt',
  'attachment.upload': 'Laddade upp bilaga',
  'attachment.attach': 'Bifogade bilaga till meddelande',
  'home_phase.read': 'Läste hemfasen (mottagen hemma, avvikelser, Trygg hemgång)',
  'sip_plan.read': 'Läste SIP-planen',
  'sip_plan.change': 'Sparade en ny version av SIP-planen',
  'sip_plan.accept': 'Accepterade sin del av SIP-planen',
  'sip_plan.entry': 'Följde upp eller utvärderade SIP-planen',
  'attachment.read': 'Öppnade bilaga',
  'attachment.scan': 'Viruskontrollerade bilaga',
  'receipt.create': 'Markerade som läst',
  'receipt.list': 'Läste läskvitton',
  'checklist.read': 'Läste checklistor',
  'checklist.apply': 'Lade till checklista',
  'checklist.change': 'Ändrade checklistpunkt',
  'checklist.history': 'Läste punktens historik',
  'readiness.change': 'Ändrade redo-status',
  'template.list': 'Läste mallar',
  'template.change': 'Ändrade mall',
  'directory.list': 'Läste behörigheter',
  'directory.change': 'Ändrade behörighet',
  'directory.request': 'Begärde behörighet (kräver en andra administratör)',
  'directory.approve': 'Godkände begärd behörighet',
  'directory.reject': 'Avslog begärd behörighet',
  'system_client.list': 'Läste verksamhetssystemen',
  'system_client.register': 'Registrerade ett verksamhetssystem',
  'system_client.rotate': 'Bytte ett verksamhetssystems hemlighet',
  'system_client.change': 'Ändrade ett verksamhetssystems adress',
  'system_client.disable': 'Stängde av ett verksamhetssystem',
  'system_client.enable': 'Slog på ett verksamhetssystem',
  'system_client.token': 'Verksamhetssystem hämtade åtkomsttoken',
  'patient.correct': 'Rättade patientens identitetsnummer',
  'attachment.expire': 'Tog bort bilaga som aldrig skickades',
  'audit.list': 'Läste åtkomstloggen',
  'audit.extract': 'Tog ut loggutdrag',
  'audit.verify': 'Kontrollerade loggkedjan',
  'route.denied': 'Nekad åtkomst',
  'auth.login': 'Inloggning',
  'auth.logout': 'Utloggning',
  'fhir.export': 'Skickade meddelande till mottagarens system (FHIR)',
  'citizen.self': 'Öppnade Min hemgång',
  'citizen.plan': 'Läste planen i Min hemgång',
  'citizen.respond': 'Svarade i Min hemgång',
  'consent.list': 'Läste sina närståendes tillgång',
  'consent.give': 'Gav en närstående tillgång till planen',
  'consent.withdraw': 'Återkallade en närståendes tillgång',
  'consent.read': 'Läste närståendes tillgång',
  'account.read': 'Läste vem som tittat på uppgifterna',
  'account.export': 'Laddade ner vem som tittat på uppgifterna',
  'plan.read': 'Läste Min hemgång',
  'plan.publish': 'Publicerade Min hemgång',
};

interface Row {
  seq: string;
  entry: string;
  occurred_at: Date;
  user_id: string | null;
  user_name: string | null;
  role: string | null;
  unit_id: string | null;
  unit_name: string | null;
  organisation_name: string | null;
  patient_id: string | null;
  identity_type: IdentityType | null;
  identity_number: string | null;
  patient_name: string | null;
  protected_identity: boolean | null;
  thread_id: string | null;
  thread_label: string | null;
  action: string;
  outcome: string;
  client_address: string | null;
  details: Record<string, unknown> | null;
  hash: Buffer | null;
  patient_in_scope: boolean;
}

/**
 * Log review as a reviewer does it: by patient (personnummer), by person, by unit and period,
 * each row saying who (name, role, unit, organisation), what, which patient and thread, from
 * where. The scope is always the reviewer's organisations (see AuditController.page).
 */
@Injectable()
export class AuditReviewService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(AUDIT_KEY) private readonly key: AuditKey,
  ) {}

  async search(filter: ReviewFilter, organisationIds: readonly string[]): Promise<ReviewRow[]> {
    if (!organisationIds.length) return [];
    const params: unknown[] = [organisationIds];
    // Citizens ("Min hemgång") belong to no organisation: their rows about a patient of the
    // organisation's threads are in its scope, like every access to those threads.
    const where: string[] = [
      `(a.organisation_ids && $1::uuid[] OR a.thread_id IN (${SCOPE_THREADS}) OR (a.role IN ('patient', 'narstaende', 'medborgare') AND a.patient_id IS NOT NULL AND ${PATIENT_IN_SCOPE}))`,
    ];
    const add = (sql: (p: string) => string, value: unknown) => where.push(sql(`$${params.push(value)}`));
    // Conditions true of a stored row and of each line it covers: applied before the expansion.
    const rowWhere: string[] = [];
    const addRow = (sql: (p: string) => string, value: unknown) => rowWhere.push(sql(`$${params.push(value)}`));
    const number = filter.identityNumber ? identity(filter.identityNumber) : undefined;
    if (filter.identityNumber && !number) return [];
    if (number) {
      // By the patient as registered now, and by the identity the row was sealed with (or searched
      // for): a row stays found under the number it was about, whatever became of the record.
      const ref = `$${params.push(patientRef(this.key.identityKey, { type: 'personnummer', number, issuer: '' }))}`;
      // One set of row numbers from three indexes (an OR across the join would scan the log).
      // A row covering many accesses (AUDIT_ROWS) shows only its lines about this patient.
      const p = `$${params.push(number)}`;
      const patients = `SELECT id FROM patients_identity WHERE identity_number = ${p} AND identity_type <> 'reservnummer'`;
      rowWhere.push(`a.seq IN (${ROWS_OF_PATIENTS(patients, ref)})`);
      where.push(`(NOT a.covering OR a.patient_id IN (${patients}))`);
    }
    // By patient, person or thread id: the plain rows by their index, the covering ones by theirs.
    const by = (column: 'patient_id' | 'user_id' | 'thread_id', value: string) => {
      const p = `$${params.push(value)}`;
      rowWhere.push(`a.seq IN (${ROWS_WHERE(column, p)})`);
      where.push(`a.${column} = ${p}`);
    };
    if (filter.patientId) by('patient_id', filter.patientId);
    // By patient: only rows about a patient of the organisation's own threads (or searches for the
    // number). A refusal by one of its users on another organisation's thread names that patient in
    // the log, and must not tell this reviewer the patient exists.
    if (number || filter.patientId) where.push(`(a.patient_id IS NULL OR ${PATIENT_IN_SCOPE})`);
    if (filter.userId) by('user_id', filter.userId);
    if (filter.person) {
      const person = filter.person.trim();
      const like = `$${params.push(escapeLike(person))}`;
      // The people with this HSA-id or personnummer, from the directory (it keeps the numbers).
      const ids = `$${params.push(await userIdsByHsaIdOrPersonnummer(this.dataSource.manager, identity(person) ?? person))}`;
      where.push(`(a.user_name ILIKE '%' || ${like} || '%' OR a.user_id = ANY(${ids}::uuid[]))`);
    }
    if (filter.unitId) add((p) => `a.unit_id = ${p}`, filter.unitId);
    if (filter.threadId) by('thread_id', filter.threadId);
    if (filter.from) addRow((p) => `a.occurred_at >= ${p}`, filter.from);
    if (filter.to) addRow((p) => `a.occurred_at < ${p}`, filter.to);
    if (filter.after) {
      const { seq, entry } = parseLineId(filter.after);
      const after = LINES_AFTER(`$${params.push(seq)}`, `$${params.push(entry)}`);
      rowWhere.push(after.row);
      where.push(after.line);
    }
    const limit = `$${params.push(filter.limit)}`;
    // The page's lines first (every condition above, newest first, each kind of row by its index,
    // stopping at the limit: auditRows with a page), then the names, thread, hash and patient of those lines only.
    const rows: Row[] = await this.dataSource.query(
      `SELECT a.seq::text AS seq, a.entry::text AS entry, a.occurred_at, a.user_id, a.user_name, a.role, a.unit_id, ${ROW_UNIT} AS unit_name,
              ${ROW_ORGANISATION} AS organisation_name, ${ROW_THREAD} AS thread_label, a.patient_id, p.identity_type, p.identity_number,
              p.given_name || ' ' || p.family_name AS patient_name, p.protected_identity, a.thread_id, a.action,
              a.outcome, a.client_address, a.details, ${ROW_HASH} AS hash, ${PATIENT_IN_SCOPE} AS patient_in_scope
         FROM ${auditRows(rowWhere, { where, limit })} a
         ${ROW_PLACE}
         LEFT JOIN patients_identity p ON p.id = a.patient_id
        ORDER BY a.seq DESC, a.entry`,
      params,
    );
    return rows.map((r) => mapRow(r, number));
  }
}

/** The threads an organisation owns or takes part in: the reviewer sees every access to them ($1: its organisations). */
const SCOPE_THREADS = `SELECT t.id FROM threads_thread t JOIN directory_unit u ON u.id = t.owner_unit_id WHERE u.organisation_id = ANY($1::uuid[])
  UNION SELECT tp.thread_id FROM threads_scope tp JOIN directory_unit u ON u.id = tp.unit_id WHERE u.organisation_id = ANY($1::uuid[])`;

/** The row's patient has a thread in the reviewer's scope: the reviewer may see who the patient is. */
const PATIENT_IN_SCOPE = `EXISTS (SELECT 1 FROM threads_thread pt WHERE pt.patient_id = a.patient_id AND pt.id IN (${SCOPE_THREADS}))`;

function identity(input: string): string | undefined {
  return normaliseIdentityNumber(input, 'personnummer') ?? normaliseIdentityNumber(input, 'samordningsnummer') ?? undefined;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function mapRow(r: Row, searchedNumber: string | undefined): ReviewRow {
  const known = r.identity_number !== null && r.identity_number === searchedNumber;
  const hide = Boolean(r.protected_identity) && !known;
  // A patient outside the organisation's threads (a refusal by one of its users elsewhere): not named.
  const shown = r.patient_in_scope;
  return {
    seq: r.seq,
    line: lineId(r.seq, r.entry),
    occurredAt: r.occurred_at.toISOString(),
    userId: r.user_id,
    userName: r.user_name,
    role: r.role,
    roleLabel: roleLabel(r.role) || (r.user_id ? 'Okänd roll' : 'Brygga (automatiskt)'),
    unitId: r.unit_id,
    unitName: r.unit_name,
    organisationName: r.organisation_name,
    patientId: shown ? r.patient_id : null,
    patient:
      shown && r.identity_number && r.identity_type
        ? {
            identityNumber:
              hide && r.identity_type !== 'reservnummer'
                ? maskIdentityNumber(r.identity_number)
                : formatIdentityNumber(r.identity_type, r.identity_number),
            name: hide ? null : r.patient_name,
            protectedIdentity: Boolean(r.protected_identity),
          }
        : null,
    threadId: r.thread_id,
    threadLabel: r.thread_label,
    action: r.action,
    actionLabel: ACTION_LABELS[r.action] ?? r.action,
    outcome: r.outcome,
    clientAddress: r.client_address,
    details: r.details,
    hash: r.hash?.toString('hex') ?? null,
  };
}
