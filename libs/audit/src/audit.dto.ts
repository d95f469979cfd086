import { Type } from 'class-transformer';
import { IsISO8601, IsInt, IsNumberString, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { AuditRow } from './audit.service';

export class AuditQueryDto {
  @IsOptional() @IsUUID() patientId?: string;
  @IsOptional() @IsUUID() userId?: string;
  @IsOptional() @IsUUID() threadId?: string;
  @IsOptional() @IsISO8601() from?: string;
  @IsOptional() @IsISO8601() to?: string;
  @IsOptional() @IsNumberString({ no_symbols: true }) before?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export interface AuditEntryDto {
  seq: string;
  occurredAt: string;
  userId: string | null;
  userName: string | null;
  unitId: string | null;
  role: string | null;
  patientId: string | null;
  threadId: string | null;
  action: string;
  outcome: string;
  clientAddress: string | null;
  details: Record<string, unknown> | null;
  /** The row's link in the hash chain; null for the fraction of a second before it is sealed. */
  hash: string | null;
}

export function mapAuditEntry(row: AuditRow): AuditEntryDto {
  return {
    seq: row.seq,
    occurredAt: row.occurredAt.toISOString(),
    userId: row.userId,
    userName: row.userName,
    unitId: row.unitId,
    role: row.role,
    patientId: row.patientId,
    threadId: row.threadId,
    action: row.action,
    outcome: row.outcome,
    clientAddress: row.clientAddress,
    details: row.details,
    hash: row.hash?.toString('hex') ?? null,
  };
}
