import { AuditEntry, AuditLink } from '@brygga/audit';
import { AUTH_ENTITIES } from '@brygga/auth';
import { CHECKLIST_ENTITIES } from '@brygga/checklists';
import { DIRECTORY_ENTITIES } from '@brygga/directory';
import { Patient } from '@brygga/patients';
import { THREAD_ENTITIES } from '@brygga/threads';
import { MIGRATIONS } from '@brygga/database';

/** Every entity and migration of the api: the app, the migration tools and the tests share this list. */
export const ENTITIES = [...DIRECTORY_ENTITIES, Patient, ...THREAD_ENTITIES, AuditEntry, AuditLink, ...AUTH_ENTITIES, ...CHECKLIST_ENTITIES];
export { MIGRATIONS };
