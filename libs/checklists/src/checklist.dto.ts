import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
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
import { ORG_KINDS, type OrgKind } from '@brygga/common';
import { IDEMPOTENCY_KEY } from '@brygga/threads';
import { ITEM_STATES, type ItemState } from './item-values';
import { KEY_PATTERN, VALUE_TYPES, type ValueType } from './template-definition';

const KEY_MESSAGE = { message: 'får bara innehålla a–z, 0–9 och _ och börja med en bokstav' };
const DATETIME_MESSAGE = { message: 'måste vara en tidpunkt (ISO 8601, t.ex. 2026-11-23T10:00:00+01:00)' };

export class ApplyChecklistDto {
  @Matches(KEY_PATTERN, KEY_MESSAGE) templateKey: string;
  /** The unit the user acts for; needed only when several of their units may apply it. */
  @IsOptional() @IsUUID() unitId?: string;
}

export class ChangeItemDto {
  @IsOptional() @IsIn(ITEM_STATES) state?: ItemState;
  /** Typed by the item (checked in the service); null clears it. */
  @Allow() value?: unknown;
  /** The version the change is based on; another change in between gives 409. */
  @Type(() => Number) @IsInt() @Min(1) @Max(2_147_483_647) expectedVersion: number;
  @IsOptional() @IsUUID() unitId?: string;
}

export class ConfirmReadinessDto {
  /** From when the unit can receive the patient. */
  @IsISO8601({ strict: true, strictSeparator: true }, DATETIME_MESSAGE) redoFran: string;
  @IsOptional() @IsUUID() unitId?: string;
  /** Makes a retried request safe, as for messages. */
  @IsOptional() @IsString() @Length(1, 100) @Matches(IDEMPOTENCY_KEY) idempotencyKey?: string;
}

export class WithdrawReadinessDto {
  @IsOptional() @IsString() @MaxLength(1000) orsak?: string;
  @IsOptional() @IsUUID() unitId?: string;
  @IsOptional() @IsString() @Length(1, 100) @Matches(IDEMPOTENCY_KEY) idempotencyKey?: string;
}

export class TemplatesQueryDto {
  /** true: every version; otherwise the latest version of each key. */
  @IsOptional() @IsIn(['true', 'false']) all?: 'true' | 'false';
}

class ConditionDto {
  @Matches(KEY_PATTERN, KEY_MESSAGE) item: string;
  /** Values of the earlier item (choice alternatives or true/false); checked in the service. */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(30) @Allow({ each: true }) in: (string | boolean)[];
}

export class TemplateItemDto {
  @Matches(KEY_PATTERN, KEY_MESSAGE) key: string;
  @IsString() @Length(1, 200) label: string;
  @IsOptional() @IsString() @Length(1, 200) group?: string;
  @IsOptional() @IsString() @MaxLength(1000) help?: string;
  @IsIn(ORG_KINDS) responsible: OrgKind;
  @IsBoolean() required: boolean;
  @IsIn(VALUE_TYPES) valueType: ValueType;
  @IsOptional() @IsArray() @ArrayMaxSize(30) @IsString({ each: true }) @Length(1, 200, { each: true }) choices?: string[];
  @IsOptional() @IsBoolean() notInPast?: boolean;
  @IsOptional() @ValidateNested() @Type(() => ConditionDto) when?: ConditionDto;
}

/** A new version of a template (or the first version of a new key). */
export class CreateTemplateDto {
  @Matches(KEY_PATTERN, KEY_MESSAGE) key: string;
  @IsString() @Length(1, 200) name: string;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => TemplateItemDto) items: TemplateItemDto[];
}
