import { IsOptional, Matches, Max, Min, IsInt } from 'class-validator';
import { Type } from 'class-transformer';

/** GET /api/tasks: a page of my units' tasks, from where the previous page ended. */
export class TasksQueryDto {
  /** Page size (default 50). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  /** `nextCursor` of the previous page. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,600}$/, { message: 'cursor är inte en giltig fortsättning (ta nextCursor från förra sidan)' })
  cursor?: string;
}

/** The patient as the inbox shows them (a protected identity has no name). */
export class TaskPatientDto {
  name: string | null;
  identityNumber: string;
  protectedIdentity: boolean;
}

/** One thing my unit has not done in one thread. */
export class TaskDto {
  /** punkt (a checklist item), redo (readiness to confirm), sip_svar, kvittens or avvikelse. */
  kind: string;
  threadId: string;
  /** My unit that owes it. */
  unitId: string;
  unitName: string;
  /** The item, summons, message or avvikelse it is about (the thread for readiness). */
  refId: string;
  /** The checklist, for an item: the thread opens on it. */
  checklistId: string | null;
  /** Swedish, one line, no patient identity: "Resa hem: Vem som tar emot patienten hemma är inte bestämt". */
  text: string;
  /** When it is due (the planned discharge, the SIP meeting), when known. */
  dueAt: string | null;
  patient: TaskPatientDto;
  threadStatus: string;
  ownerUnitName: string;
}

export class TaskListDto {
  tasks: TaskDto[];
  /** Give as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}
