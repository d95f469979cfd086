import { ATTACHMENT_ENTITIES } from '@brygga/attachments';
import { AuditDenialTally, AuditEntry, AuditLink } from '@brygga/audit';
import { AUTH_ENTITIES } from '@brygga/auth';
import { DeadlineWarning, ThreadAlert } from '@brygga/bevakning';
import { CHECKLIST_ENTITIES } from '@brygga/checklists';
import { CITIZEN_ENTITIES } from '@brygga/citizens';
import { DIRECTORY_ENTITIES } from '@brygga/directory';
import { FHIR_ENTITIES } from '@brygga/fhir';
import { HOME_PHASE_ENTITIES } from '@brygga/home-phase';
import { OFFLINE_ENTITIES } from '@brygga/offline';
import { SIP_PLAN_ENTITIES } from '@brygga/sip-plan';
import { PATIENT_ENTITIES } from '@brygga/patients';
import { PLAN_ENTITIES } from '@brygga/plan';
import { THREAD_ENTITIES } from '@brygga/threads';
import { MIGRATIONS } from '@brygga/database';

/** Every entity and migration of the api: the app, the migration tools and the tests share this list. */
export const ENTITIES = [
  ...DIRECTORY_ENTITIES,
  ...PATIENT_ENTITIES,
  ...THREAD_ENTITIES,
  AuditEntry,
  AuditLink,
  AuditDenialTally,
  ...AUTH_ENTITIES,
  ...CHECKLIST_ENTITIES,
  DeadlineWarning,
  ThreadAlert,
  ...ATTACHMENT_ENTITIES,
  ...FHIR_ENTITIES,
  ...CITIZEN_ENTITIES,
  ...PLAN_ENTITIES,
  ...HOME_PHASE_ENTITIES,
  ...SIP_PLAN_ENTITIES,
  ...OFFLINE_ENTITIES,
];
export { MIGRATIONS };
