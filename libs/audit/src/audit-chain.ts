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
  const fields: Json[] = [
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
  return createHash('sha256').update(canonical(fields)).digest();
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
