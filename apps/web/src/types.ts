/**
 * The api's response shapes as the web client uses them. They mirror the server's mappers
 * (libs/threads/src/thread.mapper.ts, libs/checklists/src/checklist.mapper.ts,
 * libs/audit/src/audit.dto.ts); the socket contract is imported from libs/realtime itself.
 */
export type OrgKind = 'slutenvard' | 'sof' | 'hemsjukvard' | 'hemtjanst' | 'primarvard';
export type Role = 'koordinator' | 'handlaggare' | 'sjukskoterska' | 'utforare' | 'lakare' | 'logggranskare' | 'admin';
export type Triage = 'gron' | 'gul' | 'rod';
export type ThreadStatus = 'inskriven' | 'planering' | 'utskrivningsklar' | 'avbrott' | 'utskriven' | 'avslutad' | 'makulerad';

export interface Membership {
  unitId: string;
  unitName: string;
  organisationName: string;
  orgKind: OrgKind;
  role: Role;
}

export interface Me {
  user: { id: string; name: string };
  units: Membership[];
  authMethod: string;
  csrfToken: string;
  session: { idleTimeoutSeconds: number; absoluteExpiresAt: string | null };
}

export interface Participant {
  unitId: string;
  name: string;
  organisationName: string;
  orgKind: OrgKind;
}

export interface Thread {
  id: string;
  status: ThreadStatus;
  triage: Triage;
  patient: { id: string; name: string | null; identityType: string; identityNumber: string; protectedIdentity: boolean };
  ownerUnit: { id: string; name: string };
  participants: Participant[];
  hemgangsklar: boolean;
  dates: {
    admittedAt: string | null;
    plannedDischargeDate: string | null;
    utskrivningsklarAt: string | null;
    hemgangsklarAt: string | null;
    dischargedAt: string | null;
  };
  lastSeq: number;
  unreadCount?: number;
  createdAt: string;
  updatedAt: string;
}

export interface Message {
  id: string;
  threadId: string;
  seq: number;
  kind: string;
  body: string | null;
  payload: Record<string, unknown> | null;
  author: { userId: string; name: string; unitId: string; unitName: string };
  correctsMessageId: string | null;
  createdAt: string;
}

export interface Receipt {
  userId: string;
  name: string;
  unitId: string;
  unitName: string;
  readAt: string;
}

export interface Unit {
  id: string;
  name: string;
  organisationName: string;
  orgKind: OrgKind;
}

export type ItemState = 'ej_paborjad' | 'pagar' | 'klar' | 'ej_aktuell';
export type ItemValue = boolean | string | null;
export type ValueType = 'boolean' | 'datetime' | 'date' | 'text' | 'choice';

export interface PersonRef {
  userId: string;
  name: string;
  unitId: string;
  unitName: string;
}

export interface ChecklistItem {
  id: string;
  checklistId: string;
  key: string;
  group: string | null;
  label: string;
  help: string | null;
  responsible: OrgKind;
  responsibleLabel: string;
  required: boolean;
  applies: boolean;
  valueType: ValueType;
  choices: string[] | null;
  notInPast: boolean;
  state: ItemState;
  stateLabel: string;
  value: ItemValue;
  version: number;
  updatedAt: string | null;
  updatedBy: PersonRef | null;
  mayChange: boolean;
}

export interface Checklist {
  id: string;
  templateKey: string;
  templateVersion: number;
  name: string;
  appliedAt: string;
  appliedBy: PersonRef;
  items: ChecklistItem[];
}

export interface Readiness {
  unitId: string;
  unitName: string;
  orgKind: OrgKind;
  status: 'redo' | 'aterkallad' | 'ej_bekraftad';
  redo: boolean;
  redoFran: string | null;
  since: { messageId: string; at: string; userId: string; name: string; orsak: string | null } | null;
}

export interface ThreadChecklists {
  threadId: string;
  hemgangsklar: boolean;
  hemgangsklarAt: string | null;
  kanTaEmotFran: string | null;
  missing: { reason: string; message: string; checklistId?: string; itemId?: string; unitId?: string }[];
  readiness: Readiness[];
  checklists: Checklist[];
}

export interface Template {
  id?: string;
  key: string;
  version: number;
  name: string;
  description?: string | null;
}

export interface ItemChange {
  version: number;
  changedAt: string;
  changedBy: PersonRef;
  before: { state: ItemState; value: ItemValue };
  after: { state: ItemState; value: ItemValue };
}

export interface AuditEntry {
  seq: string;
  occurredAt: string;
  userId: string | null;
  userName: string | null;
  unitId: string | null;
  role: string | null;
  patientId: string | null;
  threadId: string | null;
  action: string;
  outcome: string;
  clientAddress: string | null;
  details: Record<string, unknown> | null;
  hash: string;
}

export interface VerifyResult {
  ok: boolean;
  checkedRows: number;
  lastSeq: string | null;
  firstBroken?: { seq: string; reason: string };
}
