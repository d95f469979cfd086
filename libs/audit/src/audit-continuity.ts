import type { AuditEntry, AuditOutcome } from './audit.entity';
import { chainHash, contentHash, GENESIS_HASH, keyedChainHash, patientRef, sealedContentHash, type PatientIdentity } from './audit-chain';
import type { AuditKey } from './audit-key';

/**
 * What the sealer holds every row to before it links it, and every head before it extends it.
 * The database places rows (trigger brygga_audit_place, migration 1796028000000): a row's seq
 * comes from audit_log_seq and its time is its transaction's start, and the trigger refuses a
 * transaction older than MAX_TRANSACTION_AGE. So, in seq order, a row's time is never more than
 * that before the row it follows, never in the future, and no row has a number the sequence has
 * not handed out. A row that breaks this got in around the trigger (a superuser with triggers
 * off): the sealer stops before it.
 */
export const MAX_TRANSACTION_AGE_MS = 15 * 60 * 1000;
/** The database's clock read by two statements: a little room, never minutes. */
const FUTURE_SLACK_MS = 60 * 1000;

export interface ChainBreak {
  seq: string;
  /** For operators (log line, readiness), in English. */
  reason: string;
  /** Set for a row whose time does not fit its place (verification words it in Swedish). */
  time?: 'future' | 'backdated';
}

/** An access-log row as stored, with the patient's identity as it stands now. */
export interface SealRow {
  seq: string;
  occurred_at: Date;
  user_id: string | null;
  user_name: string | null;
  unit_id: string | null;
  organisation_id: string | null;
  role: string | null;
  patient_id: string | null;
  thread_id: string | null;
  action: string;
  outcome: AuditOutcome;
  client_address: string | null;
  details: AuditEntry['details'];
  organisation_ids: string[] | null;
  patient_ref: Buffer | null;
  content_hash: Buffer | null;
  identity_type: PatientIdentity['type'] | null;
  identity_number: string | null;
  reserve_issuer: string | null;
}

/** A row's own columns, as the sealer and verification read them (alias a). */
export const ROW_SELECT = `a.seq::text AS seq, a.occurred_at, a.user_id, a.user_name, a.unit_id, a.organisation_id, a.role, a.patient_id,
  a.thread_id, a.action, a.outcome, a.client_address, a.details, a.organisation_ids, a.patient_ref, a.content_hash`;

const ROW_COLUMNS = `a.occurred_at, a.user_id, a.user_name, a.unit_id, a.organisation_id, a.role, a.patient_id, a.thread_id,
  a.action, a.outcome, a.client_address, a.details, a.organisation_ids, a.patient_ref, a.content_hash`;

/** Rows after the head up to the horizon, with the patient's identity (for patientRef). */
export const ROWS_SQL = `
  SELECT a.seq::text AS seq, ${ROW_COLUMNS}, p.identity_type, p.identity_number, p.reserve_issuer
    FROM audit_log a LEFT JOIN patients_identity p ON p.id = a.patient_id
   WHERE a.seq > $1 AND a.seq <= $2 ORDER BY a.seq LIMIT $3`;

/** The head link, its row, and the link before it. */
export interface HeadRow extends Omit<SealRow, 'seq' | 'identity_type' | 'identity_number' | 'reserve_issuer'> {
  seq: string;
  row_seq: string | null;
  prev_seq: string | null;
  prev_hash: Buffer;
  hash: Buffer;
  key_id: string | null;
  link_content_hash: Buffer | null;
  link_patient_ref: Buffer | null;
  below_seq: string | null;
  below_hash: Buffer | null;
}

export const HEAD_SQL = `
  SELECT c.seq::text AS seq, c.prev_seq::text AS prev_seq, c.prev_hash, c.hash, c.key_id,
         c.content_hash AS link_content_hash, c.patient_ref AS link_patient_ref, a.seq::text AS row_seq, ${ROW_COLUMNS},
         b.seq::text AS below_seq, b.hash AS below_hash
    FROM (SELECT * FROM audit_chain ORDER BY seq DESC LIMIT 1) c
    LEFT JOIN audit_log a ON a.seq = c.seq
    LEFT JOIN LATERAL (SELECT seq, hash FROM audit_chain WHERE seq < c.seq ORDER BY seq DESC LIMIT 1) b ON true`;

/** The row as the content hash reads it. */
export function entryOf(row: Omit<SealRow, 'identity_type' | 'identity_number' | 'reserve_issuer'>): AuditEntry {
  return {
    seq: String(row.seq),
    occurredAt: row.occurred_at,
    userId: row.user_id,
    userName: row.user_name,
    unitId: row.unit_id,
    organisationId: row.organisation_id,
    role: row.role,
    patientId: row.patient_id,
    threadId: row.thread_id,
    action: row.action,
    outcome: row.outcome,
    clientAddress: row.client_address,
    details: row.details,
    organisationIds: row.organisation_ids,
    patientRef: row.patient_ref,
    contentHash: row.content_hash,
  };
}

/** A row written since the database places rows: its content hash and patientRef are the sealer's. */
export function isPlaced(row: { content_hash: Buffer | null }): boolean {
  return row.content_hash === null;
}

/** The sealed content of a placed row, given its patientRef. */
export function placedContent(row: Omit<SealRow, 'identity_type' | 'identity_number' | 'reserve_issuer'>, ref: Buffer | null): Buffer {
  return sealedContentHash(entryOf(row), { organisationId: row.organisation_id, patientRef: ref?.toString('hex') ?? null });
}

/** Why this row may not be linked after a row of time `prevTime`, or null. */
export function checkRow(row: SealRow, prevTime: Date | null, now: Date): ChainBreak | null {
  if (!isPlaced(row)) return null; // written before the database placed rows: its writer's time
  const at = row.occurred_at.getTime();
  if (at > now.getTime() + FUTURE_SLACK_MS) {
    return { seq: row.seq, time: 'future', reason: `the row's time (${row.occurred_at.toISOString()}) lies in the future` };
  }
  if (prevTime && at < prevTime.getTime() - MAX_TRANSACTION_AGE_MS) {
    return {
      seq: row.seq,
      time: 'backdated',
      reason: `the row's time (${row.occurred_at.toISOString()}) lies more than ${MAX_TRANSACTION_AGE_MS / 60_000} minutes before the row it follows (${prevTime.toISOString()}): backdated`,
    };
  }
  return null;
}

/** What the sealer links for a row: its content (stored with the link for placed rows) and patientRef. */
export function sealRow(key: AuditKey, row: SealRow): { content: Buffer | null; chained: Buffer; ref: Buffer | null } {
  if (!isPlaced(row)) return { content: null, chained: row.content_hash!, ref: null };
  const ref =
    row.patient_ref ??
    (row.identity_type && row.identity_number !== null
      ? patientRef(key.identityKey, { type: row.identity_type, number: row.identity_number, issuer: row.reserve_issuer ?? '' })
      : null);
  const content = placedContent(row, ref);
  return { content, chained: content, ref };
}

/** Why the head may not be extended, or null: it must be a sound link over its row, after the link below it. */
export function checkHead(key: AuditKey, head: HeadRow): ChainBreak | null {
  const broken = (reason: string): ChainBreak => ({ seq: head.seq, reason });
  if (head.row_seq === null) return broken('the newest link has no row (a link added or a row removed)');
  if (head.prev_seq !== head.below_seq || !head.prev_hash.equals(head.below_hash ?? GENESIS_HASH)) {
    return broken('the newest link does not follow the link before it');
  }
  let content: Buffer;
  if (isPlaced(head)) {
    if (!head.link_content_hash) return broken('the newest link has no content hash');
    if (head.patient_ref && !head.patient_ref.equals(head.link_patient_ref ?? Buffer.alloc(0))) {
      return broken("the newest link's patient reference differs from its row's");
    }
    content = placedContent(head, head.link_patient_ref);
    if (!content.equals(head.link_content_hash)) return broken("the newest row's content differs from what was sealed");
  } else {
    content = head.content_hash!;
    if (!contentHash(entryOf(head)).equals(content)) return broken("the newest row's content differs from its hash");
  }
  const expected = head.key_id === null ? chainHash(head.prev_hash, content) : keyedChainHash(key.chainKey, head.prev_hash, content);
  if (!expected.equals(head.hash)) return broken('the newest link does not hold (not sealed with this key)');
  return null;
}
