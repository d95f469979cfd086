import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsOffsetDateTime, SafeText } from '@brygga/common';
import { PatientInputDto } from '@brygga/patients';
import { INBOX_FILTERS, INBOX_SORTS, type InboxFilter, type InboxSort } from '@brygga/deadlines';
import { MESSAGE_KIND_NAMES, type MessageKind } from './message-kinds';
import { THREAD_STATUSES, TRIAGE_COLOURS, type ThreadStatus, type Triage } from './thread.entities';

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]+$/;

export class CreateThreadDto {
  /** IsObject: ValidateNested alone lets a missing patient through to the service. */
  @IsObject() @ValidateNested() @Type(() => PatientInputDto) patient: PatientInputDto;
  /** The ward that owns the thread; needed only when the user belongs to several wards. */
  @IsOptional() @IsUUID() ownerUnitId?: string;
  @IsArray() @ArrayMaxSize(20) @ArrayUnique() @IsUUID('all', { each: true }) participantUnitIds: string[];
  @IsIn(TRIAGE_COLOURS) triage: Triage;
  @IsOptional() @IsOffsetDateTime() admittedAt?: string;
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) @IsISO8601({ strict: true }) plannedDischargeDate?: string;
  @IsOptional() @IsString() @Length(1, 100) @Matches(IDEMPOTENCY_KEY) idempotencyKey?: string;
}

export class PostMessageDto {
  @IsIn(MESSAGE_KIND_NAMES) kind: MessageKind;
  /** Free text: trimmed; control characters other than newline and tab, and bidi controls, are refused. */
  @IsOptional() @SafeText({ max: 10_000, min: 0, multiline: true }) body?: string;
  @IsOptional() @IsObject() payload?: Record<string, unknown>;
  @IsOptional() @IsUUID() correctsMessageId?: string;
  /** Chosen by the client; a retry with the same key returns the original message. */
  @IsString() @Length(1, 100) @Matches(IDEMPOTENCY_KEY) idempotencyKey: string;
  /** The unit the author writes for; needed only when several of their units take part. */
  @IsOptional() @IsUUID() unitId?: string;
  /** Files uploaded first (POST /api/threads/:id/attachments); the configured limit per message applies. */
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ArrayUnique() @IsUUID('all', { each: true }) attachmentIds?: string[];
  /** When it was written, for a message written without coverage and sent later: within the last shift, not ahead. */
  @IsOptional() @IsOffsetDateTime() observedAt?: string;
}

export class ParticipantDto {
  @IsUUID() unitId: string;
}

export class CloseThreadDto {
  /** Required to cancel, and to close before the patient is discharged. */
  @IsOptional() @SafeText({ max: 1000, multiline: true, min: 0 }) orsak?: string;
}

export class MessagesQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(2_147_483_647) after?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class MarkReadDto {
  @Type(() => Number) @IsInt() @Min(1) @Max(2_147_483_647) upToSeq: number;
}

/** GET /api/threads. */
export class ThreadsQueryDto {
  @IsOptional() @IsIn(THREAD_STATUSES) status?: ThreadStatus;
  /** The clock's views: ready but not hemgångsklar, or past a deadline (libs/deadlines). */
  @IsOptional() @IsIn(INBOX_FILTERS) filter?: InboxFilter;
  @IsOptional() @IsIn(INBOX_SORTS) sort?: InboxSort;
  /**
   * true: only "mina": threads the user opened or wrote in, or whose ansvarig handläggare
   * (the SOF fact) carries the user's name. Combines with the other filters.
   */
  @IsOptional() @IsIn(['true', 'false']) mina?: 'true' | 'false';
  /** true: leave out avslutade and makulerade threads (the inbox's default view). */
  @IsOptional() @IsIn(['true', 'false']) aktiva?: 'true' | 'false';
  /** Search: every word in the patient's name, or 4+ digits of the identity number (over all my threads, not one page). */
  @IsOptional() @SafeText({ max: 100, min: 0 }) q?: string;
  /** Page size (default 500). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
  /** Threads to skip: the next page starts at offset + limit. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) offset?: number;
}
