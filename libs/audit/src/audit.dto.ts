import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { IsOffsetDateTime, SafeText } from '@brygga/common';

/**
 * A line of the log as nextBefore names it: its row's number (a bigint: at most 18 digits, so it
 * always fits), and for a line of a covering row its entry ("1234.5").
 */
const LINE_ID = /^\d{1,18}(\.\d{1,9})?$/;
const LINE_ID_MESSAGE = 'ska vara nextBefore från föregående sida (ett radnummer, högst 18 siffror)';

export class AuditQueryDto {
  @IsOptional() @IsUUID() patientId?: string;
  @IsOptional() @IsUUID() userId?: string;
  @IsOptional() @IsUUID() threadId?: string;
  @IsOptional() @IsUUID() unitId?: string;
  @IsOptional() @IsOffsetDateTime() from?: string;
  @IsOptional() @IsOffsetDateTime() to?: string;
  /** The previous page's nextBefore: the line after which this page begins. */
  @IsOptional() @Matches(LINE_ID, { message: LINE_ID_MESSAGE }) before?: string;
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
  @IsOptional() @IsOffsetDateTime() from?: string;
  @IsOptional() @IsOffsetDateTime() to?: string;
  /** The previous page's nextBefore: the line after which this page begins. */
  @IsOptional() @Matches(LINE_ID, { message: LINE_ID_MESSAGE }) before?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class AuditExtractDto {
  @IsString() @Length(10, 13) identityNumber: string;
  @IsOptional() @IsOffsetDateTime() from?: string;
  @IsOptional() @IsOffsetDateTime() to?: string;
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
  /** The line's name, unique in the log: the row's number, and for one of the accesses a covering row records, its entry ("1234.5"). */
  line: string;
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

/** GET /api/audit, POST /api/audit/search: newest first; ask again with before = nextBefore for more. */
export class AuditPageDto {
  entries: ReviewRow[];
  /** The page's last line (its `line`), or null when there is no more. */
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

// The patient's own account ("Vem har tittat på mina uppgifter", libs/citizens).

/** One access to the patient's data, as the patient reads it: no names of staff, no ids. */
export class AccountEntry {
  occurredAt: string;
  organisation: string;
  unit: string;
  /** The role in Swedish ("Sjuksköterska", "Närstående", "Patienten själv"). */
  role: string;
  what: string;
  /** 'Nekad' for a refused attempt, else 'Tillåten'. */
  outcome: string;
}

/** The accesses of one unit on one day (Stockholm), newest first. */
export class AccountGroup {
  /** YYYY-MM-DD */
  day: string;
  organisation: string;
  unit: string;
  count: number;
  roles: string[];
  entries: AccountEntry[];
}

export class PatientAccountDto {
  groups: AccountGroup[];
  total: number;
  /** More rows than one account shows (the newest are shown). */
  truncated: boolean;
}
