// Response classes: the @nestjs/swagger CLI plugin describes them in openapi.json.
import type { ThreadStatus } from '@brygga/contracts';
import { AlertDto } from './alerts.dto';

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

/** An alert (one per thread and kind) with the thread it is about. */
export class WarningDto extends AlertDto {
  /** When it was raised (last). */
  createdAt: string;
  thread: WarningThread;
}

/** GET /api/bevakning. */
export class WarningListDto {
  warnings: WarningDto[];
}
