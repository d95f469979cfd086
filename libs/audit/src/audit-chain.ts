import { createHash, createHmac } from 'node:crypto';
import type { AuditEntry } from './audit.entity';

export const GENESIS_HASH = Buffer.alloc(32);

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** JSON with sorted keys: jsonb does not keep key order, so the hash must not depend on it. */
function canonical(value: Json | undefined): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export type AuditContent = Pick<
  AuditEntry,
  | 'seq'
  | 'occurredAt'
  | 'userId'
  | 'userName'
  | 'unitId'
  | 'role'
  | 'patientId'
  | 'threadId'
  | 'action'
  | 'outcome'
  | 'clientAddress'
  | 'details'
> & { organisationIds?: string[] | null };

export function contentHash(row: AuditContent): Buffer {
  return createHash('sha256')
    .update(canonical(fieldsOf(row)))
    .digest();
}

function fieldsOf(row: AuditContent): Json[] {
  return [
    String(row.seq),
    row.occurredAt.toISOString(),
    row.userId,
    row.userName,
    row.unitId,
    row.role,
    row.patientId,
    row.threadId,
    row.action,
    row.outcome,
    row.clientAddress,
    (row.details ?? null) as Json,
    // Added later: absent from older rows, so their hashes stay as they were.
    ...(row.organisationIds?.length ? [[...row.organisationIds].sort()] : []),
  ];
}

/** What a row's sealed content adds to the writer's fields: decided by the database and the sealer, not the writer. */
export interface SealedFields {
  organisationId: string | null;
  /** patientRef of the row (see below), hex; null for rows about no patient. */
  patientRef: string | null;
}

/**
 * The content hash of a row written since the database assigns `seq` and `occurred_at`: computed
 * by the sealer from the row as stored, never by the writer (a hash that needs no key proves
 * nothing, so the writer's own was dropped). Rows written before keep their stored contentHash.
 */
export function sealedContentHash(row: AuditContent, sealed: SealedFields): Buffer {
  const fields = [...fieldsOf(row), { v: 2, organisationId: sealed.organisationId, patientRef: sealed.patientRef }];
  return createHash('sha256').update(canonical(fields)).digest();
}

/** A patient's identity as the access log refers to it: the 12 digits, or a reserve number with its issuer. */
export interface PatientIdentity {
  type: 'personnummer' | 'samordningsnummer' | 'reservnummer';
  number: string;
  issuer: string;
}

/**
 * The keyed hash of an identity number (AuditKey.identityKey): what ties a log row to the patient as
 * identified when it was sealed. A personnummer and a samordningsnummer never collide (day + 60).
 */
export function patientRef(identityKey: Buffer, identity: Pick<PatientIdentity, 'type' | 'number' | 'issuer'>): Buffer {
  const text = identity.type === 'reservnummer' ? `reserv:${identity.issuer}:${identity.number}` : identity.number;
  return createHmac('sha256', identityKey).update(text).digest();
}

export function chainHash(prevHash: Buffer, content: Buffer): Buffer {
  return createHash('sha256').update(prevHash).update(content).digest();
}

/**
 * A link keyed with the access log's secret (AuditKey.chainKey), which is not in the database: a
 * superuser who removes or changes rows cannot recompute the links after them.
 */
export function keyedChainHash(chainKey: Buffer, prevHash: Buffer, content: Buffer): Buffer {
  return createHmac('sha256', chainKey).update(prevHash).update(content).digest();
}
