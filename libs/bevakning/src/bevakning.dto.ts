// Response classes: the @nestjs/swagger CLI plugin describes them in openapi.json.
import type { ThreadStatus } from '@brygga/contracts';

export class WarningPatient {
  name: string | null;
  identityNumber: string;
  protectedIdentity: boolean;
}

export class WarningOwnerUnit {
  id: string;
  name: string;
}

export class WarningThread {
  status: ThreadStatus;
  patient: WarningPatient;
  ownerUnit: WarningOwnerUnit;
}

export class WarningDto {
  id: string;
  threadId: string;
  kind: string;
  level: string;
  dueAt: string;
  text: string;
  createdAt: string;
  /** The warning names one of my units (otherwise it concerns another participant). */
  concernsMe: boolean;
  thread: WarningThread;
}

/** GET /api/bevakning. */
export class WarningListDto {
  warnings: WarningDto[];
}
