import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { IsOffsetDateTime } from '@brygga/common';
import { IDEMPOTENCY_KEY } from '@brygga/threads';

/** One thread opened on the phone without coverage. */
export class OfflineReadDto {
  /** Chosen by the phone: the same read sent again is recorded once. */
  @IsString() @Length(1, 100) @Matches(IDEMPOTENCY_KEY) readKey: string;
  @IsUUID() threadId: string;
  /** When it was opened: within the last shift (OFFLINE_SHIFT_HOURS), not ahead of the server's clock. */
  @IsOffsetDateTime() observedAt: string;
}

export class OfflineReadsDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => OfflineReadDto) reads: OfflineReadDto[];
}

export const OFFLINE_READ_OUTCOMES = ['registrerad', 'redan_registrerad', 'nekad', 'ogiltig'] as const;
export type OfflineReadOutcome = (typeof OFFLINE_READ_OUTCOMES)[number];

/** What became of one reported read; `nekad`: the user no longer has access (the phone drops its copy). */
export class OfflineReadResultDto {
  readKey: string;
  threadId: string;
  @ApiProperty({ enum: OFFLINE_READ_OUTCOMES }) outcome: OfflineReadOutcome;
  /** Swedish, for the user, when the read was not recorded. */
  message?: string;
}

export class OfflineReadsResultDto {
  results: OfflineReadResultDto[];
}

/** The key the phone encrypts its offline copy with; it lives in the session and ends with it. */
export class OfflineKeyDto {
  /** AES-256-GCM key, base64. */
  key: string;
  /** The offline copy is dropped this many hours after it was made. */
  shiftHours: number;
}
