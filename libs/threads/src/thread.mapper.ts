import { ApiProperty } from '@nestjs/swagger';
import { ATTACHMENT_STATES, DELIVERY_STATUSES, type AttachmentState, type DeliveryStatus, type MessageKindName } from '@brygga/contracts';
import { formatIdentityNumber, maskIdentityNumber, type IdentityType } from '@brygga/patients';
import type { OrgKind } from '@brygga/common';
import type { ThreadClock } from '@brygga/deadlines';
import type { FactKey } from './thread-facts';
import { HemgangStatus } from './hemgang.dto';
import { EVENT_KINDS, SYSTEM_KINDS } from './message-kinds';
import type { Message, ThreadStatus, Triage } from './thread.entities';

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
  hemgangsklar_status: HemgangStatus | null;
  last_seq: number;
  created_at: Date;
  updated_at: Date;
  patient_id: string;
  identity_type: IdentityType;
  identity_number: string;
  given_name: string;
  family_name: string;
  protected_identity: boolean;
  protected_declared: boolean;
  former_owner_unit_ids: string[];
  name_mismatch: boolean;
  unread?: number;
  /** The inbox: the latest readiness kind (redo, redo_aterkallad) of each of the reader's units that gave one. */
  my_readiness?: Record<string, string>;
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
         t.discharged_at, t.hemgangsklar_at, t.hemgangsklar_status, t.last_seq, t.created_at, t.updated_at, p.id AS patient_id, p.identity_type,
         p.identity_number, t.patient_given_name AS given_name, t.patient_family_name AS family_name,
         t.patient_protected AS protected_identity, t.patient_protected_declared AS protected_declared,
         t.patient_name_mismatch AS name_mismatch, t.former_owner_unit_ids
    FROM thread t JOIN patients_identity p ON p.id = t.patient_id JOIN directory_unit ou ON ou.id = t.owner_unit_id`;

export const PARTICIPANT_SELECT = `
  SELECT tp.thread_id, u.id AS unit_id, u.name AS unit_name, u.organisation_name, u.organisation_kind AS kind
    FROM thread_participant tp JOIN directory_unit u ON u.id = tp.unit_id
   WHERE tp.thread_id = ANY($1::uuid[]) ORDER BY u.organisation_kind, u.name`;

// Response classes (not interfaces): the @nestjs/swagger CLI plugin describes them in openapi.json.

/** A person acting for a unit. */
export class AuthorRef {
  userId: string;
  name: string;
  unitId: string;
  unitName: string;
}

export class ThreadPatient {
  id: string;
  /** null when the identity is protected and the reader is not the owning ward, and in lists. */
  name: string | null;
  identityType: IdentityType;
  identityNumber: string;
  protectedIdentity: boolean;
  /** Owner only: the name differs from an earlier registration of the same number. */
  nameMismatch?: boolean;
}

export class ThreadFactInForce {
  key: FactKey;
  label: string;
  value: Record<string, unknown>;
  version: number;
  setBy: AuthorRef;
  setAt: string;
}

export class UnitRef {
  id: string;
  name: string;
}

export class ThreadParticipantDto {
  unitId: string;
  name: string;
  organisationName: string;
  orgKind: OrgKind;
}

export class ThreadDates {
  admittedAt: string | null;
  /** A date (YYYY-MM-DD). */
  plannedDischargeDate: string | null;
  utskrivningsklarAt: string | null;
  hemgangsklarAt: string | null;
  dischargedAt: string | null;
}

export class ThreadDto {
  id: string;
  status: ThreadStatus;
  triage: Triage;
  patient: ThreadPatient;
  /** The structured facts in force (single-thread view only). */
  facts?: ThreadFactInForce[];
  ownerUnit: UnitRef;
  participants: ThreadParticipantDto[];
  /** Derived from the checklists and the receiving units' readiness (see libs/checklists). */
  hemgangsklar: boolean;
  /** The one going-home state with its reason, as the header, the inbox and the phone show it. */
  hemgang: HemgangStatus;
  dates: ThreadDates;
  lastSeq: number;
  /** The discharge law's clock, derived from the timeline (libs/deadlines). */
  clock?: ThreadClock;
  unreadCount?: number;
  /**
   * The inbox, for a reader whose receiving unit (hemtjänst, hemsjukvård) takes part: its own
   * readiness (of several such units, the one furthest from ready): redo, aterkallad or saknas.
   */
  minBekraftelse?: string;
  createdAt: string;
  updatedAt: string;
}

const RECEIVING: readonly string[] = ['hemtjanst', 'hemsjukvard'];
const READINESS_RANK = ['saknas', 'aterkallad', 'redo'];

/** The reader's receiving units' own readiness in the thread (for the inbox card), when the row carries it. */
function readerReadiness(row: ThreadRow, participants: ParticipantRow[], readerUnitIds: readonly string[]): { minBekraftelse?: string } {
  if (!row.my_readiness) return {};
  const mine = participants.filter((p) => p.thread_id === row.id && readerUnitIds.includes(p.unit_id) && RECEIVING.includes(p.kind));
  if (!mine.length) return {};
  const states: string[] = mine.map((p) => {
    const kind = row.my_readiness?.[p.unit_id];
    return kind === 'redo' ? 'redo' : kind === 'redo_aterkallad' ? 'aterkallad' : 'saknas';
  });
  return { minBekraftelse: READINESS_RANK.find((s) => states.includes(s)) };
}

/** An avslutat or makulerat thread has nothing left to do: no "N saker återstår", no times to check. */
function endedHemgang(status: string, hemgang: HemgangStatus): HemgangStatus {
  return status === 'avslutad' || status === 'makulerad' ? { ...hemgang, saknas: [], kontrollera: [] } : hemgang;
}

/** Threads not re-derived since the state was introduced: what the stored columns still tell. */
function legacyHemgang(row: ThreadRow): HemgangStatus {
  if (row.discharged_at) return { state: 'utskriven', fran: row.discharged_at.toISOString(), saknas: [], kontrollera: [] };
  return { state: row.hemgangsklar_at ? 'klar' : 'ej_klar', fran: null, saknas: [], kontrollera: [] };
}

/**
 * In lists a protected identity shows neither name nor full number; in the thread itself only
 * the owning ward sees them, and it sees the protection it declared itself (the stored flag of an
 * existing patient is not disclosed by opening a thread). A ward that handed the thread on keeps
 * seeing that declaration (`readerUnitIds`: the reader's units, to tell a former owner).
 */
export function mapThread(
  row: ThreadRow,
  participants: ParticipantRow[],
  view: { list: boolean; isOwner: boolean; readerUnitIds?: readonly string[] },
): ThreadDto {
  // The owning ward goes by what it declared itself: the stored flag of a patient someone else
  // registered as protected must not show through its own thread (in the list either), nor
  // through the thread once it has been handed to another ward.
  const wasOwner = (row.former_owner_unit_ids ?? []).some((u) => view.readerUnitIds?.includes(u));
  const isProtected = view.isOwner || wasOwner ? row.protected_declared : row.protected_identity;
  const hide = isProtected && (view.list || !view.isOwner);
  return {
    id: row.id,
    status: row.status as ThreadStatus,
    triage: row.triage as Triage,
    patient: {
      id: row.patient_id,
      name: hide ? null : `${row.given_name} ${row.family_name}`,
      identityType: row.identity_type,
      identityNumber:
        hide && row.identity_type !== 'reservnummer'
          ? maskIdentityNumber(row.identity_number)
          : formatIdentityNumber(row.identity_type, row.identity_number),
      protectedIdentity: isProtected,
      ...(!view.list && view.isOwner && row.name_mismatch ? { nameMismatch: true } : {}),
    },
    ownerUnit: { id: row.owner_unit_id, name: row.owner_unit_name },
    participants: participants
      .filter((p) => p.thread_id === row.id)
      .map((p) => ({ unitId: p.unit_id, name: p.unit_name, organisationName: p.organisation_name, orgKind: p.kind })),
    hemgangsklar: row.hemgangsklar_at !== null,
    hemgang: endedHemgang(row.status, row.hemgangsklar_status ?? legacyHemgang(row)),
    dates: {
      admittedAt: row.admitted_at?.toISOString() ?? null,
      plannedDischargeDate: row.planned_discharge_date,
      utskrivningsklarAt: row.utskrivningsklar_at?.toISOString() ?? null,
      hemgangsklarAt: row.hemgangsklar_at?.toISOString() ?? null,
      dischargedAt: row.discharged_at?.toISOString() ?? null,
    },
    lastSeq: row.last_seq,
    ...(row.unread !== undefined ? { unreadCount: Number(row.unread) } : {}),
    ...readerReadiness(row, participants, view.readerUnitIds ?? []),
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
  observed_at: Date | null;
}

/** A file the message carries (a view part of libs/attachments); the SHA-256 identifies its content. */
export class MessageAttachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  /** not_scanned: no scanner configured; scan_pending: väntar på viruskontroll (not downloadable yet). */
  @ApiProperty({ enum: ATTACHMENT_STATES }) state: AttachmentState;
  /** Images and PDFs without scripts; the rest is download only. */
  previewable: boolean;
}

/** A message's FHIR delivery to one receiving unit's system (a view part of libs/fhir). */
export class MessageDelivery {
  unitId: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: DeliveryStatus;
  /** väntar på kvittens, kvitterat or fel. */
  label: string;
}

export const MESSAGE_SELECT = `
  SELECT m.id, m.thread_id, m.seq, m.kind, m.body, m.payload, m.author_user_id,
         au.given_name || ' ' || au.family_name AS author_name, m.author_unit_id, un.name AS author_unit_name,
         m.corrects_message_id, m.created_at, m.observed_at
    FROM message m JOIN directory_person au ON au.id = m.author_user_id JOIN directory_unit un ON un.id = m.author_unit_id`;

export class MessageDto {
  id: string;
  threadId: string;
  seq: number;
  /** One of the kinds libs/contracts defines (message-kinds.ts): postable, event or system. */
  kind: MessageKindName;
  body: string | null;
  payload: Record<string, unknown> | null;
  author: AuthorRef;
  correctsMessageId: string | null;
  createdAt: string;
  /**
   * When the act happened, when it was made without coverage and sent later (createdAt is when
   * Brygga received it); null otherwise. The timeline shows it when the two differ.
   */
  observedAt: string | null;
  attachments: MessageAttachment[];
  /** A record of what happened (checklist change, participant added …): not counted as unread. */
  event: boolean;
  /** Written by Brygga itself (derived state): show it as from Brygga, not from `author`. */
  system: boolean;
  /**
   * Sent to receiving units' systems as FHIR messages (libs/fhir): per unit, väntar på kvittens
   * (`vantar_pa_kvittens`), `kvitterat` or `fel`. Absent when the message goes to no system.
   */
  deliveries?: MessageDelivery[];
}

/** The message as stored; the parts other modules own (its files, its deliveries) come from ThreadDerivations.withParts. */
export function mapMessage(row: MessageRow): MessageDto {
  return {
    id: row.id,
    threadId: row.thread_id,
    seq: row.seq,
    // The column is text; every kind written is one of the contract's (MessagesService checks a post's).
    kind: row.kind as MessageKindName,
    body: row.body,
    payload: row.payload,
    author: { userId: row.author_user_id, name: row.author_name, unitId: row.author_unit_id, unitName: row.author_unit_name },
    correctsMessageId: row.corrects_message_id,
    createdAt: row.created_at.toISOString(),
    observedAt: row.observed_at ? new Date(row.observed_at).toISOString() : null,
    attachments: [],
    event: (EVENT_KINDS as readonly string[]).includes(row.kind),
    system: (SYSTEM_KINDS as readonly string[]).includes(row.kind),
  };
}
