import { Injectable } from '@nestjs/common';
import { forbidden, type Actor } from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { formatIdentityNumber, maskIdentityNumber, PatientsService, type CorrectIdentityDto, type IdentityType } from '@brygga/patients';
import { ThreadAccessService, threadRecord } from './thread-access.service';
import type { ThreadDto } from './thread.mapper';
import { ThreadsService } from './threads.service';

/** A number as the access log shows it: a personnummer or samordningsnummer masked, a reserve number as issued. */
const logged = (type: IdentityType, number: string): string =>
  type === 'reservnummer' ? formatIdentityNumber(type, number) : maskIdentityNumber(number);

/**
 * The owning ward corrects the patient's identity number (issue 28): one audited operation. The
 * database function records old and new (patient_identity_correction); the access-log row names
 * the correction, old and new type, and the numbers masked as in lists.
 */
@Injectable()
export class PatientIdentityService {
  constructor(
    private readonly access: ThreadAccessService,
    private readonly audit: AuditService,
    private readonly patients: PatientsService,
    private readonly threads: ThreadsService,
  ) {}

  correct(actor: Actor, threadId: string, dto: CorrectIdentityDto): Promise<ThreadDto> {
    return this.access.withThread(actor, threadId, 'patient.correct', { lock: true }, async (manager, access) => {
      const unitId = access.unitsWith('thread.open').find((u) => u === access.thread.ownerUnitId);
      if (!unitId) throw forbidden('Endast den ansvariga avdelningen kan rätta patientens identitetsnummer.');
      const done = await this.patients.correctIdentity(manager, access.thread.patientId, dto, actor.userId);
      await this.audit.record(manager, [
        threadRecord(actor, access, 'patient.correct', {
          unitId,
          details: {
            correctionId: done.correctionId,
            fromType: done.old.type,
            from: logged(done.old.type, done.old.number),
            toType: done.new.type,
            to: logged(done.new.type, done.new.number),
          },
        }),
      ]);
      return this.threads.detail(manager, threadId, access.isOwner, access.actingUnitIds);
    });
  }
}
