import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsOffsetDateTime, ORG_KINDS, SafeName, SafeText, type OrgKind } from '@brygga/common';
import { IDEMPOTENCY_KEY } from '@brygga/threads';
import { ITEM_STATES, type ItemState } from './item-values';
import { KEY_PATTERN, VALUE_TYPES, type ValueType } from './template-definition';

const KEY_MESSAGE = { message: 'får bara innehålla a–z, 0–9 och _ och börja med en bokstav' };

export class ApplyChecklistDto {
  @Matches(KEY_PATTERN, KEY_MESSAGE) templateKey: string;
  /** The unit the user acts for; needed only when several of their units may apply it. */
  @IsOptional() @IsUUID() unitId?: string;
}

export class ChangeItemDto {
  @IsOptional() @IsIn(ITEM_STATES) state?: ItemState;
  /** Typed by the item (checked in the service): a date or time (ISO 8601), a text, a choice or a yes/no; null clears it. */
  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'boolean' }], nullable: true })
  @Allow()
  value?: string | boolean | null;
  /** The version the change is based on; another change in between gives 409. */
  @Type(() => Number) @IsInt() @Min(1) @Max(2_147_483_647) expectedVersion: number;
  @IsOptional() @IsUUID() unitId?: string;
  /** Makes a retried change (an offline outbox sent again) return the change it made instead of a 409. */
  @IsOptional() @IsString() @Length(1, 100) @Matches(IDEMPOTENCY_KEY) idempotencyKey?: string;
  /** When the change was made, for one made without coverage and sent later (docs/offline.md). */
  @IsOptional() @IsOffsetDateTime() observedAt?: string;
}

/** "Behövs inte" for a section of a checklist: one group (a device, the key), or the whole checklist. */
export class NotNeededDto {
  /** The group's heading as in the template ("Rollator"); without it, the whole checklist. */
  @IsOptional() @SafeName(200) group?: string;
  @IsOptional() @IsUUID() unitId?: string;
}

export class ConfirmReadinessDto {
  /** From when the unit can receive the patient. */
  @IsOffsetDateTime() redoFran: string;
  @IsOptional() @IsUUID() unitId?: string;
  /** Makes a retried request safe, as for messages. */
  @IsOptional() @IsString() @Length(1, 100) @Matches(IDEMPOTENCY_KEY) idempotencyKey?: string;
  @IsOptional() @IsOffsetDateTime() observedAt?: string;
}

export class WithdrawReadinessDto {
  @IsOptional() @SafeText({ max: 1000, multiline: true }) orsak?: string;
  @IsOptional() @IsUUID() unitId?: string;
  @IsOptional() @IsString() @Length(1, 100) @Matches(IDEMPOTENCY_KEY) idempotencyKey?: string;
  @IsOptional() @IsOffsetDateTime() observedAt?: string;
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
  @SafeName(200) label: string;
  @IsOptional() @SafeName(200) group?: string;
  @IsOptional() @SafeText({ max: 1000, multiline: true }) help?: string;
  @IsIn(ORG_KINDS) responsible: OrgKind;
  @IsBoolean() required: boolean;
  @IsIn(VALUE_TYPES) valueType: ValueType;
  @IsOptional() @IsArray() @ArrayMaxSize(30) @SafeName(200, { each: true }) choices?: string[];
  @IsOptional() @IsBoolean() notInPast?: boolean;
  @IsOptional() @IsBoolean() readyFrom?: boolean;
  @IsOptional() @SafeText({ max: 300 }) pending?: string;
  @IsOptional() @ValidateNested() @Type(() => ConditionDto) when?: ConditionDto;
}

/** A new version of a template (or the first version of a new key). */
export class CreateTemplateDto {
  @Matches(KEY_PATTERN, KEY_MESSAGE) key: string;
  @SafeName(200) name: string;
  @IsOptional() @SafeText({ max: 2000, multiline: true }) description?: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => TemplateItemDto) items: TemplateItemDto[];
  /** The organisation the version is for; needed only by an admin of several. */
  @IsOptional() @IsUUID() organisationId?: string;
  /**
   * Required items of the current version that this one drops or makes optional: they must be
   * named here, so that making hemgångsklar easier is a decision, never an accident.
   */
  @IsOptional() @IsArray() @ArrayMaxSize(200) @Matches(KEY_PATTERN, { each: true, ...KEY_MESSAGE }) confirmRemovedRequired?: string[];
}
