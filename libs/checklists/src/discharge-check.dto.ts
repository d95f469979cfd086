import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import type { DischargeConflictKind } from './hemgang-status';

const KINDS: DischargeConflictKind[] = ['avbrott', 'enhet_ej_redo', 'enhet_redo_senare', 'upphamtning_senare', 'punkt_ej_klar'];

export class DischargeCheckQueryDto {
  /** The discharge time to check (ISO 8601 with an offset); now when absent. */
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'måste vara en tidpunkt (ISO 8601, t.ex. 2026-12-06T15:08:00+01:00)' })
  at?: string;
}

export class DischargeConflictDto {
  @ApiProperty({ enum: KINDS }) kind: DischargeConflictKind;
  /** Swedish, one line ("Hemtjänst Norr är redo först 9 dec 09:00."). */
  message: string;
}

/** GET /api/threads/:id/discharge-check: what a discharge at `at` would not fit in the plan. */
export class DischargeCheckDto {
  threadId: string;
  at: string;
  /** Empty: the discharge fits the plan. Otherwise utskrivningsmeddelande needs bekraftaTrotsKonflikter and orsak. */
  conflicts: DischargeConflictDto[];
}
