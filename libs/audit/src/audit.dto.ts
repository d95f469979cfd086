import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsInt, IsNumberString, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { SafeText } from '@brygga/common';

export class AuditQueryDto {
  @IsOptional() @IsUUID() patientId?: string;
  @IsOptional() @IsUUID() userId?: string;
  @IsOptional() @IsUUID() threadId?: string;
  @IsOptional() @IsUUID() unitId?: string;
  @IsOptional() @IsISO8601() from?: string;
  @IsOptional() @IsISO8601() to?: string;
  /** A seq (bigint): at most 18 digits, so it always fits. */
  @IsOptional() @IsNumberString({ no_symbols: true }) @MaxLength(18, { message: 'får vara högst 18 siffror' }) before?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

/** Search in the body: identity numbers and names never go in a URL. */
export class AuditSearchDto {
  /** Personnummer or samordningsnummer of the patient. */
  @IsOptional() @IsString() @Length(10, 13) identityNumber?: string;
  @IsOptional() @IsUUID() patientId?: string;
  /** Name (or part of it), HSA-id or personnummer of the person who acted. */
  @IsOptional() @SafeText({ min: 2, max: 100 }) person?: string;
  @IsOptional() @IsUUID() userId?: string;
  @IsOptional() @IsUUID() unitId?: string;
  @IsOptional() @IsUUID() threadId?: string;
  @IsOptional() @IsISO8601() from?: string;
  @IsOptional() @IsISO8601() to?: string;
  @IsOptional() @IsNumberString({ no_symbols: true }) @Length(1, 19) before?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class AuditExtractDto {
  @IsString() @Length(10, 13) identityNumber: string;
  @IsOptional() @IsISO8601() from?: string;
  @IsOptional() @IsISO8601() to?: string;
  @IsIn(['csv', 'html']) format: 'csv' | 'html';
}

// Response classes: the @nestjs/swagger CLI plugin describes them in openapi.json.

/** The patient as the reviewer may see them. */
export class ReviewPatient {
  identityNumber: string;
  name: string | null;
  protectedIdentity: boolean;
}

export class ReviewRow {
  seq: string;
  occurredAt: string;
  userId: string | null;
  userName: string | null;
  role: string | null;
  /** The role in Swedish ("Sjuksköterska", "Patienten själv"). */
  roleLabel: string;
  unitId: string | null;
  unitName: string | null;
  organisationName: string | null;
  patientId: string | null;
  /** The patient as the reviewer may see them: a protected identity stays masked unless searched for by number. */
  patient: ReviewPatient | null;
  threadId: string | null;
  /** The thread as people know it: its ward and the day it began. */
  threadLabel: string | null;
  action: string;
  actionLabel: string;
  outcome: string;
  clientAddress: string | null;
  details: Record<string, unknown> | null;
  /** The row's link in the hash chain; null for the fraction of a second before it is sealed. */
  hash: string | null;
}

/** GET /api/audit, POST /api/audit/search: newest first; ask again with beforeSeq = nextBefore for more. */
export class AuditPageDto {
  entries: ReviewRow[];
  nextBefore: string | null;
}

export class BrokenLink {
  seq: string;
  reason: string;
}

export class CheckpointsChecked {
  checked: number;
  lastSeq: string | null;
  lastAt: string | null;
  foreign: number;
}

export class VerifyResult {
  ok: boolean;
  checkedRows: number;
  lastSeq: string | null;
  firstBroken?: BrokenLink;
  /** Signed checkpoints outside the database that the chain was held against. */
  checkpoints: CheckpointsChecked;
}
