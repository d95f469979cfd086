import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { currentCorrelationId, Telemetry, type Actor } from '@brygga/common';
import { commitWith, inTransaction, prepared } from '@brygga/database';
import type { AuditOutcome } from './audit.entity';
import { patientRef, type PatientIdentity } from './audit-chain';
import { AuditChainSealer } from './audit-chain.sealer';
import { AuditCheckpointer } from './audit-checkpointer';
import { AUDIT_KEY, type AuditKey } from './audit-key';
import { verifyChain, type VerifyResult } from './audit-verify';

/**
 * Every row of a call in one statement: one round trip however many rows (the push log writes
 * hundreds). No seq, time or content hash: the database's trigger places the row (seq from
 * audit_log_seq after the transaction's xid, the transaction's time) and the sealer hashes it.
 * The organisation of a unit that is not one of the actor's own comes from directory (AuditFacts).
 */
const AUDIT_INSERT = `
  INSERT INTO audit_log (user_id, user_name, unit_id, organisation_id, role, patient_id, thread_id, action, outcome, client_address, details, organisation_ids, patient_ref)
  SELECT u, un, ut, org, r, p, t, a, o, ca, d, og::uuid[], pr
    FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::uuid[], $8::text[], $9::text[], $10::text[], $11::jsonb[], $12::text[], $13::bytea[])
      WITH ORDINALITY AS x(u, un, ut, org, r, p, t, a, o, ca, d, og, pr, n)
   ORDER BY n
  RETURNING seq::text AS seq`;

/**
 * One row (a post's, a read's: nearly every call) as plain parameters: no thirteen array literals to
 * build and parse, no unnest and sort, and a large `details` (a covering row's) not escaped as an
 * array element.
 */
const AUDIT_INSERT_ONE = `
  INSERT INTO audit_log (user_id, user_name, unit_id, organisation_id, role, patient_id, thread_id, action, outcome, client_address, details, organisation_ids, patient_ref)
  VALUES ($1::uuid, $2::text, $3::uuid, $4::uuid, $5::text, $6::uuid, $7::uuid, $8::text, $9::text, $10::text, $11::jsonb, $12::uuid[], $13::bytea)
  RETURNING seq::text AS seq`;

/** A thread's patient and the units that take part in it. */
export interface AuditThreadFacts {
  patientId: string;
  units: string[];
}

/**
 * What a row must carry that the libraries above know (audit is below them): registered at module
 * init by their owners (threads: a thread's facts; directory: a unit's organisation), called in the
 * caller's transaction, only for the rows whose writer did not say. See AuditService.registerFacts.
 */
export interface AuditFacts {
  /** The patient and participating units of each thread found (threads). */
  threadFacts(manager: EntityManager, threadIds: readonly string[]): Promise<Map<string, AuditThreadFacts>>;
  /** The organisation of each unit found (directory). */
  unitOrganisations(manager: EntityManager, unitIds: readonly string[]): Promise<Map<string, string>>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type AuditAction =
  | 'thread.list'
  | 'thread.read'
  /** A thread read on a phone without coverage, reported at the next sync with the time it was read (libs/offline). */
  | 'thread.offline_read'
  | 'thread.create'
  | 'message.list'
  | 'message.create'
  | 'receipt.create'
  | 'receipt.list'
  | 'checklist.read'
  | 'checklist.apply'
  | 'checklist.change'
  | 'checklist.history'
  | 'readiness.change'
  | 'template.list'
  | 'template.change'
  | 'audit.list'
  | 'audit.extract'
  | 'audit.verify'
  | 'route.denied'
  | 'directory.list'
  | 'directory.change'
  /** A grant that needs a second administrator (four eyes): asked for, approved, rejected. */
  | 'directory.request'
  | 'directory.approve'
  | 'directory.reject'
  /** A system client (FHIR) administered: listed, registered, its secret rotated, its endpoint set, disabled or enabled; a token issued. */
  | 'system_client.list'
  | 'system_client.register'
  | 'system_client.rotate'
  | 'system_client.change'
  | 'system_client.disable'
  | 'system_client.enable'
  | 'system_client.token'
  /** A patient's identity number corrected (a reserve number replaced by a personnummer). */
  | 'patient.correct'
  | 'message.push'
  | 'participant.add'
  | 'participant.remove'
  | 'thread.transfer'
  | 'thread.close'
  | 'thread.cancel'
  | 'fact.change'
  | 'auth.login'
  | 'auth.logout'
  | 'bevakning.create'
  | 'bevakning.list'
  /** Bevakning's alerts: a thread's read, one marked seen or handled. */
  | 'alert.list'
  | 'alert.mark'
  /** Mina uppgifter listed: one row per thread shown (it names the patient). */
  | 'task.list'
  | 'statistics.read'
  | 'home_phase.read'
  | 'sip_plan.read'
  | 'sip_plan.change'
  | 'sip_plan.accept'
  | 'sip_plan.entry'
  | 'attachment.upload'
  | 'attachment.attach'
  | 'attachment.read'
  | 'attachment.scan'
  /** Files uploaded but never sent with a message, removed after ATTACHMENT_PENDING_HOURS. */
  | 'attachment.expire'
  /** A message sent to another unit's system as a FHIR message (a disclosure). */
  | 'fhir.export'
  /** Citizens in "Min hemgång" (libs/citizens): their reads and actions, and staff reading the consents. */
  | 'citizen.self'
  | 'citizen.plan'
  | 'citizen.respond'
  | 'consent.list'
  | 'consent.give'
  | 'consent.withdraw'
  | 'consent.read'
  | 'account.read'
  | 'account.export'
  /** "Min hemgång" (libs/plan): the page read, and a version published. */
  | 'plan.read'
  | 'plan.publish';

export interface AuditRecord {
  /** null for attempts by someone not (yet) identified, e.g. a failed login. */
  actor: Actor | null;
  /** Where the request came from, when there is no actor to carry it. */
  clientAddress?: string | null;
  action: AuditAction;
  outcome: AuditOutcome;
  /**
   * The unit the actor acted from. When not given: the actor's unit that takes part in the
   * thread, else the actor's only unit (see AuditService.record).
   */
  unitId?: string | null;
  patientId?: string | null;
  /**
   * Fill in the thread's patient (when patientId is not given): a refused attempt on a thread names
   * the patient in the log, never in the answer. Not for a thread id that is only a filter value.
   */
  threadPatient?: boolean;
  /**
   * A search or extract by identity number: the patient searched for, recorded as the number's
   * keyed hash whether or not the patient exists (nothing in the row says which).
   */
  searchedIdentity?: PatientIdentity;
  threadId?: string | null;
  details?: Record<string, string | number | boolean | null>;
  /** The role acted in when the actor has no membership to give it: a citizen ('patient', 'narstaende'). */
  role?: string;
  /** The request's correlation id, when the row is recorded outside its request (a batch of posts); else the current one. */
  correlationId?: string;
}

/** One access of many recorded in one row (AuditService.recordCovering): its reader, thread and patient. */
export interface Covered {
  /** The reader, when not the row's actor (the push log names one reader per entry). */
  actor?: Actor;
  /** The unit the reader acted from. */
  unitId?: string | null;
  threadId: string | null;
  patientId: string | null;
  details?: Record<string, string | number | boolean | null>;
}

@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sealer: AuditChainSealer,
    private readonly checkpointer: AuditCheckpointer,
    @Inject(AUDIT_KEY) private readonly key: AuditKey,
    private readonly telemetry: Telemetry,
  ) {}

  private readonly facts: Partial<AuditFacts> = {};

  /** An owner's answer to what a row lacks (registered at module init by threads and directory). */
  registerFacts(facts: Partial<AuditFacts>): void {
    Object.assign(this.facts, facts);
  }

  private resolver<K extends keyof AuditFacts>(name: K): AuditFacts[K] {
    const resolve = this.facts[name];
    // Never a row with less than it must carry: a process that logs without the owner is miswired.
    if (!resolve) throw new Error(`AuditService: no ${name} registered (import the module that owns it)`);
    return resolve;
  }

  /**
   * Appends rows in the caller's transaction, so a write and its log row commit together; returns
   * their seq. The database places each row (trigger brygga_audit_place: the transaction's xid,
   * the next seq, the transaction's time); the sealer chains them a moment after commit.
   */
  async record(manager: EntityManager, records: AuditRecord[], options: { last?: boolean } = {}): Promise<string[]> {
    if (!records.length) return [];
    if (!manager.queryRunner?.isTransactionActive) throw new Error('AuditService.record needs a transaction');
    const complete = await this.complete(manager, records);
    // The request's correlation id ties the row to its log line and its error answer.
    const correlationId = currentCorrelationId();
    const rows = complete.map(({ correlationId: own = correlationId, ...r }) => {
      const memberships = r.actor?.memberships ?? [];
      const membership = memberships.find((m) => m.unitId === r.unitId);
      const organisations = [...new Set(memberships.map((m) => m.organisationId))].sort();
      return {
        userId: r.actor?.userId ?? null,
        userName: r.actor?.displayName ?? null,
        unitId: r.unitId ?? null,
        // A unit of the actor's own gives its organisation here; any other unit's comes from the table.
        organisationId: membership?.organisationId ?? (r.unitId ? null : organisations.length === 1 ? organisations[0] : null),
        role: membership?.role ?? ([...new Set(memberships.map((m) => m.role))].join(',') || r.role || null),
        patientId: r.patientId ?? null,
        threadId: r.threadId ?? null,
        action: r.action,
        outcome: r.outcome,
        clientAddress: r.actor?.clientAddress ?? r.clientAddress ?? null,
        details: own ? { ...r.details, correlationId: own } : (r.details ?? null),
        organisationIds: organisations.length ? organisations : null,
        patientRef: r.searchedIdentity ? patientRef(this.key.identityKey, r.searchedIdentity) : null,
      };
    });
    // A unit not of the actor's own: its organisation from its owner, one call for all such rows.
    const foreign = [...new Set(rows.filter((r) => r.unitId && !r.organisationId).map((r) => r.unitId!))];
    if (foreign.length) {
      const organisations = await this.resolver('unitOrganisations')(manager, foreign);
      for (const r of rows) if (r.unitId && !r.organisationId) r.organisationId = organisations.get(r.unitId) ?? null;
    }
    // `last`: the rows are the transaction's last statement, and COMMIT goes out in the same write
    // (a post: one round trip fewer). Anything sent in the transaction after them throws.
    const [name, text] = rows.length === 1 ? ['audit-insert-one', AUDIT_INSERT_ONE] : ['audit-insert', AUDIT_INSERT];
    if (options.last) commitWith(manager.queryRunner, name);
    // In the statements' column order. An array per row goes as its literal, cast per row (unnest
    // would flatten an array of arrays).
    const fields = (r: (typeof rows)[number]): unknown[] => [
      r.userId,
      r.userName,
      r.unitId,
      r.organisationId,
      r.role,
      r.patientId,
      r.threadId,
      r.action,
      r.outcome,
      r.clientAddress,
      r.details === null ? null : JSON.stringify(r.details),
      r.organisationIds ? `{${r.organisationIds.join(',')}}` : null,
      r.patientRef,
    ];
    const perRow = rows.map(fields);
    const values = rows.length === 1 ? perRow[0] : perRow[0].map((_, column) => perRow.map((row) => row[column]));
    const inserted = await prepared<{ seq: string }>(manager, name, text, values);
    this.telemetry.add('audit.rows', rows.length);
    return inserted.map((r) => r.seq);
  }

  /**
   * Fills in what a row about a thread must carry and its writer did not say: the thread's
   * patient when asked (a refusal, which answers like a missing thread but is the patient's
   * business), and the unit the actor acted from (one of theirs that takes part). One call to the
   * threads library's registered AuditFacts.threadFacts, only when needed.
   */
  private async complete(manager: EntityManager, records: AuditRecord[]): Promise<AuditRecord[]> {
    const soleUnit = (r: AuditRecord) => {
      const units = [...new Set(r.actor?.memberships.map((m) => m.unitId) ?? [])];
      return units.length === 1 ? units[0] : undefined;
    };
    const lacking = (r: AuditRecord) =>
      Boolean(r.threadId && UUID.test(r.threadId) && ((r.threadPatient && !r.patientId) || (!r.unitId && r.actor && !soleUnit(r))));
    const threadIds = [...new Set(records.filter(lacking).map((r) => r.threadId!))];
    const facts = threadIds.length ? await this.resolver('threadFacts')(manager, threadIds) : new Map<string, AuditThreadFacts>();
    return records.map((r) => {
      const thread = r.threadId ? facts.get(r.threadId) : undefined;
      const taking = thread && r.actor?.memberships.find((m) => thread.units.includes(m.unitId))?.unitId;
      return {
        ...r,
        patientId: r.patientId ?? (r.threadPatient ? thread?.patientId : null) ?? null,
        unitId: r.unitId ?? taking ?? soleUnit(r) ?? null,
      };
    });
  }

  /**
   * Many accesses of one kind in one row (the pushes of one flush, the threads of one list): each
   * entry of `details.covers` names its reader, unit, thread and patient, so the patient's extract,
   * the reviewer's search and the patient's account find each one (AUDIT_ROWS expands them), and
   * the sealer chains them all with the row. One row and one chain link instead of one per entry.
   */
  async recordCovering(manager: EntityManager, record: AuditRecord, covers: Covered[]): Promise<string[]> {
    if (!covers.length) return [];
    return this.record(manager, [covering(record, covers)]);
  }

  /** Records in a transaction of its own: for denials and reads that write nothing else. */
  async recordNow(records: AuditRecord[]): Promise<string[]> {
    return inTransaction(this.dataSource, (m) => this.record(m, records));
  }

  /**
   * Seals what has committed, then walks the chain and holds it against the key and this node's
   * signed checkpoints (audit-verify.ts): names the first row that does not hold.
   */
  async verify(): Promise<VerifyResult> {
    await this.sealer.seal(true);
    return verifyChain((sql, params) => this.dataSource.query(sql, params), this.key, await this.checkpointer.checkpoints());
  }
}

/** The one row that records many accesses of one kind (see AuditService.recordCovering): for a caller that records it with others in one insert. */
export function covering(record: AuditRecord, covers: Covered[]): AuditRecord {
  const ids = new Set<string>();
  const entries = covers.map((c) => {
    const entry: Record<string, unknown> = { t: c.threadId, p: c.patientId };
    if (c.threadId) ids.add(c.threadId);
    if (c.patientId) ids.add(c.patientId);
    if (c.actor) {
      const memberships = c.actor.memberships;
      const membership = memberships.find((m) => m.unitId === c.unitId);
      entry.u = c.actor.userId;
      entry.n = c.actor.displayName;
      entry.unit = c.unitId ?? null;
      entry.o = membership?.organisationId ?? null;
      entry.r = membership?.role ?? ([...new Set(memberships.map((m) => m.role))].join(',') || null);
      entry.og = [...new Set(memberships.map((m) => m.organisationId))].sort();
      entry.ca = c.actor.clientAddress ?? null;
      ids.add(c.actor.userId);
    } else if (c.unitId !== undefined) {
      entry.unit = c.unitId;
      entry.o = record.actor?.memberships.find((m) => m.unitId === c.unitId)?.organisationId ?? null;
    }
    if (c.details) entry.d = c.details;
    return entry;
  });
  if (record.actor) ids.add(record.actor.userId);
  const details = { ...record.details, covers: entries, covered: [...ids] } as unknown as AuditRecord['details'];
  return { ...record, details };
}
