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
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PatientInputDto } from '@brygga/patients';
import { MESSAGE_KIND_NAMES, type MessageKind } from './message-kinds';
import { TRIAGE_COLOURS, type Triage } from './thread.entities';

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]+$/;

export class CreateThreadDto {
  @ValidateNested() @Type(() => PatientInputDto) patient: PatientInputDto;
  /** The ward that owns the thread; needed only when the user belongs to several wards. */
  @IsOptional() @IsUUID() ownerUnitId?: string;
  @IsArray() @ArrayMaxSize(20) @ArrayUnique() @IsUUID('all', { each: true }) participantUnitIds: string[];
  @IsIn(TRIAGE_COLOURS) triage: Triage;
  @IsOptional() @IsISO8601({ strict: true }) admittedAt?: string;
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) @IsISO8601({ strict: true }) plannedDischargeDate?: string;
  @IsOptional() @IsString() @Length(1, 100) @Matches(IDEMPOTENCY_KEY) idempotencyKey?: string;
}

export class PostMessageDto {
  @IsIn(MESSAGE_KIND_NAMES) kind: MessageKind;
  @IsOptional() @IsString() @MaxLength(10_000) body?: string;
  @IsOptional() @IsObject() payload?: Record<string, unknown>;
  @IsOptional() @IsUUID() correctsMessageId?: string;
  /** Chosen by the client; a retry with the same key returns the original message. */
  @IsString() @Length(1, 100) @Matches(IDEMPOTENCY_KEY) idempotencyKey: string;
  /** The unit the author writes for; needed only when several of their units take part. */
  @IsOptional() @IsUUID() unitId?: string;
}

export class MessagesQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) after?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class MarkReadDto {
  @Type(() => Number) @IsInt() @Min(1) @Max(2_147_483_647) upToSeq: number;
}
