import { formatIdentityNumber, maskIdentityNumber, type IdentityType } from '@brygga/patients';
import type { OrgKind } from '@brygga/common';
import type { Message } from './thread.entities';

export interface ThreadRow {
  id: string;
  status: string;
  triage: string;
  owner_unit_id: string;
  owner_unit_name: string;
  admitted_at: Date | null;
  planned_discharge_date: string | null;
  utskrivningsklar_at: Date | null;
  discharged_at: Date | null;
  hemgangsklar_at: Date | null;
  last_seq: number;
  created_at: Date;
  updated_at: Date;
  patient_id: string;
  identity_type: IdentityType;
  identity_number: string;
  given_name: string;
  family_name: string;
  protected_identity: boolean;
  unread?: number;
}

export interface ParticipantRow {
  thread_id: string;
  unit_id: string;
  unit_name: string;
  organisation_name: string;
  kind: OrgKind;
}

export const THREAD_SELECT = `
  SELECT t.id, t.status, t.triage, t.owner_unit_id, ou.name AS owner_unit_name, t.admitted_at,
         to_char(t.planned_discharge_date, 'YYYY-MM-DD') AS planned_discharge_date, t.utskrivningsklar_at,
         t.discharged_at, t.hemgangsklar_at, t.last_seq, t.created_at, t.updated_at, p.id AS patient_id, p.identity_type,
         p.identity_number, p.given_name, p.family_name, p.protected_identity
    FROM thread t JOIN patient p ON p.id = t.patient_id JOIN unit ou ON ou.id = t.owner_unit_id`;

export const PARTICIPANT_SELECT = `
  SELECT tp.thread_id, u.id AS unit_id, u.name AS unit_name, o.name AS organisation_name, o.kind
    FROM thread_participant tp JOIN unit u ON u.id = tp.unit_id JOIN organisation o ON o.id = u.organisation_id
   WHERE tp.thread_id = ANY($1::uuid[]) ORDER BY o.kind, u.name`;

export interface ThreadDto {
  id: string;
  status: string;
  triage: string;
  patient: {
    id: string;
    /** null when the identity is protected and the reader is not the owning ward, and in lists. */
    name: string | null;
    identityType: IdentityType;
    identityNumber: string;
    protectedIdentity: boolean;
  };
  ownerUnit: { id: string; name: string };
  participants: { unitId: string; name: string; organisationName: string; orgKind: OrgKind }[];
  /** Derived from the checklists and the receiving units' readiness (see libs/checklists). */
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

/**
 * In lists a protected identity shows neither name nor full number; in the thread itself only
 * the owning ward sees them.
 */
export function mapThread(row: ThreadRow, participants: ParticipantRow[], view: { list: boolean; isOwner: boolean }): ThreadDto {
  const hide = row.protected_identity && (view.list || !view.isOwner);
  return {
    id: row.id,
    status: row.status,
    triage: row.triage,
    patient: {
      id: row.patient_id,
      name: hide ? null : `${row.given_name} ${row.family_name}`,
      identityType: row.identity_type,
      identityNumber:
        hide && row.identity_type !== 'reservnummer'
          ? maskIdentityNumber(row.identity_number)
          : formatIdentityNumber(row.identity_type, row.identity_number),
      protectedIdentity: row.protected_identity,
    },
    ownerUnit: { id: row.owner_unit_id, name: row.owner_unit_name },
    participants: participants
      .filter((p) => p.thread_id === row.id)
      .map((p) => ({ unitId: p.unit_id, name: p.unit_name, organisationName: p.organisation_name, orgKind: p.kind })),
    hemgangsklar: row.hemgangsklar_at !== null,
    dates: {
      admittedAt: row.admitted_at?.toISOString() ?? null,
      plannedDischargeDate: row.planned_discharge_date,
      utskrivningsklarAt: row.utskrivningsklar_at?.toISOString() ?? null,
      hemgangsklarAt: row.hemgangsklar_at?.toISOString() ?? null,
      dischargedAt: row.discharged_at?.toISOString() ?? null,
    },
    lastSeq: row.last_seq,
    ...(row.unread !== undefined ? { unreadCount: Number(row.unread) } : {}),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface MessageRow extends Pick<Message, 'id' | 'seq' | 'kind' | 'body' | 'payload'> {
  thread_id: string;
  author_user_id: string;
  author_name: string;
  author_unit_id: string;
  author_unit_name: string;
  corrects_message_id: string | null;
  created_at: Date;
}

export const MESSAGE_SELECT = `
  SELECT m.id, m.thread_id, m.seq, m.kind, m.body, m.payload, m.author_user_id,
         au.given_name || ' ' || au.family_name AS author_name, m.author_unit_id, un.name AS author_unit_name,
         m.corrects_message_id, m.created_at
    FROM message m JOIN app_user au ON au.id = m.author_user_id JOIN unit un ON un.id = m.author_unit_id`;

export interface MessageDto {
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

export function mapMessage(row: MessageRow): MessageDto {
  return {
    id: row.id,
    threadId: row.thread_id,
    seq: row.seq,
    kind: row.kind,
    body: row.body,
    payload: row.payload,
    author: { userId: row.author_user_id, name: row.author_name, unitId: row.author_unit_id, unitName: row.author_unit_name },
    correctsMessageId: row.corrects_message_id,
    createdAt: row.created_at.toISOString(),
  };
}
