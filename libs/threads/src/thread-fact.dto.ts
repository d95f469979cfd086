import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, Max, Min } from 'class-validator';
import type { FactKey } from './thread-facts';
import { AuthorRef } from './thread.mapper';

/** One version of a structured fact (PUT …/facts/:key, GET …/facts/:key/history). */
export class FactDto {
  key: FactKey;
  label: string;
  value: Record<string, unknown>;
  version: number;
  setBy: AuthorRef;
  setAt: string;
}

export class FactHistoryDto {
  versions: FactDto[];
}

/** PUT …/facts/:key */
export class SetFactDto {
  /** The fact's value; its fields depend on the key (validated against THREAD_FACTS, see docs/domain.md). */
  @ApiProperty({ type: 'object', additionalProperties: true })
  @IsObject()
  value: Record<string, unknown>;
  /** The version the change is based on (0 for the first); another change in between gives 409. */
  @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) expectedVersion: number;
}
