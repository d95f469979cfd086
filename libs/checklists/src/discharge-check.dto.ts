import { ApiProperty } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsOffsetDateTime } from '@brygga/common';
import type { DischargeConflictKind } from './hemgang-status';

const KINDS: DischargeConflictKind[] = ['avbrott', 'enhet_ej_redo', 'enhet_redo_senare', 'upphamtning_senare', 'punkt_ej_klar'];

export class DischargeCheckQueryDto {
  /** The discharge time to check (ISO 8601 with an offset); now when absent. */
  @IsOptional()
  @IsOffsetDateTime()
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
