import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { conflict, DomainError, DomainEvents, forbidden, unitsWith, type Actor } from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { ThreadClocks } from '@brygga/deadlines';
import { inTransaction } from '@brygga/database';
import { DirectoryService } from '@brygga/directory';
import { PatientsService } from '@brygga/patients';
import type { CreateThreadDto, ThreadsQueryDto } from './thread.dto';
import { ThreadInboxClocks } from './thread-inbox-clocks';
import { clocksOf } from './clock-reads';
import { EVENT_KINDS } from './message-kinds';
import { loadFacts } from './thread-facts.service';
import { Thread, ThreadParticipant, type ThreadStatus } from './thread.entities';
import { IDEMPOTENCY_REUSED, sameRetry } from './thread-idempotency';
import { ThreadAccessService, threadRecord } from './thread-access.service';
import { mapThread, PARTICIPANT_SELECT, ParticipantRow, THREAD_SELECT, ThreadDto, ThreadRow } from './thread.mapper';

/** A page of the inbox unless the caller asks for another size. */
const LIST_LIMIT = 500;

type InboxQuery = Pick<ThreadsQueryDto, 'status' | 'filter' | 'sort' | 'mina' | 'aktiva' | 'q' | 'limit' | 'offset'>;

/**
 * The inbox's search, as people type: every word in the patient's name, or four or more digits of
 * the identity number. Only what the list would show the reader: a protected identity (as
 * `mapThread` decides it) is found neither by name nor by number (a reserve number excepted).
 */
function searchClause(q: string | undefined, params: unknown[]): string {
  const text = q?.trim().toLowerCase();
  if (!text) return '';
  const hidden = `(CASE WHEN t.owner_unit_id = ANY($1::uuid[]) OR t.former_owner_unit_ids && $1::uuid[]
                        THEN t.patient_protected_declared ELSE t.patient_protected END)`;
  const words = text.split(/\s+/).map((w) => w.replace(/[\\%_]/g, (c) => `\\${c}`));
  // lower() leaves å, ä, ö alone under the C locale the embedded server may run with: translate them too.
  const name = `translate(lower(t.patient_given_name || ' ' || t.patient_family_name), 'ÅÄÖÉÈÜÆØ', 'åäöéèüæø')`;
  const byName = `(NOT ${hidden} AND (SELECT bool_and(${name} LIKE '%' || w || '%') FROM unnest($${params.push(words)}::text[]) w))`;
  const digits = text.replace(/\D/g, '');
  if (digits.length < 4) return `AND ${byName}`;
  const byNumber = `((NOT ${hidden} OR p.identity_type = 'reservnummer')
                     AND regexp_replace(p.identity_number, '\\D', '', 'g') LIKE '%' || $${params.push(digits)} || '%')`;
  return `AND (${byName} OR ${byNumber})`;
}

function sameName(stored: { givenName: string; familyName: string }, givenName: string, familyName: string): boolean {
  const norm = (s: string): string => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('sv');
  return norm(stored.givenName) === norm(givenName) && norm(stored.familyName) === norm(familyName);
}

/**
 * The inbox's "mina" ($2 = the user): threads the user opened or wrote in (any message, structured
 * ones and answers included), or whose latest ansvarig_handlaggare fact names the user (the fact
 * holds a name, not a user id, so the match is on the directory's full name).
 */
const MINA_CLAUSE = `AND (t.created_by_user_id = $2
       OR EXISTS (SELECT 1 FROM message mm WHERE mm.thread_id = t.id AND mm.author_user_id = $2)
       OR EXISTS (SELECT 1 FROM thread_fact f JOIN directory_person me ON me.id = $2
                   WHERE f.thread_id = t.id AND f.key = 'ansvarig_handlaggare'
                     AND f.version = (SELECT max(f2.version) FROM thread_fact f2 WHERE f2.thread_id = t.id AND f2.key = f.key)
                     AND lower(btrim(f.value->>'namn')) = lower(me.given_name || ' ' || me.family_name)))`;

/** The latest readiness kind of each of the reader's units (`units`: a uuid[] parameter) in thread t: the inbox card's "Er bekräftelse". */
const MY_READINESS = (units: string) => `(SELECT coalesce(jsonb_object_agg(x.author_unit_id, x.kind), '{}'::jsonb)
    FROM (SELECT DISTINCT ON (m.author_unit_id) m.author_unit_id, m.kind FROM message m
           WHERE m.thread_id = t.id AND m.author_unit_id = ANY(${units}::uuid[]) AND m.kind IN ('redo', 'redo_aterkallad')
           ORDER BY m.author_unit_id, m.seq DESC) x)`;

@Injectable()
export class ThreadsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ThreadAccessService,
    private readonly audit: AuditService,
    private readonly directory: DirectoryService,
    private readonly patients: PatientsService,
    private readonly events: DomainEvents,
    private readonly clocks: ThreadClocks,
    private readonly inboxClocks: ThreadInboxClocks,
  ) {}

  /** A ward opens a thread for a patient; the owner ward always takes part. */
  async create(actor: Actor, dto: CreateThreadDto): Promise<{ thread: ThreadDto; created: boolean }> {
    const openers = unitsWith(actor, 'thread.open');
    const wards = actor.memberships.filter((m) => m.orgKind === 'slutenvard' && openers.includes(m.unitId)).map((m) => m.unitId);
    const ownerUnitId = dto.ownerUnitId ?? (wards.length === 1 ? wards[0] : undefined);
    const refuse = async (message: string): Promise<never> => {
      await this.audit.recordNow([{ actor, action: 'thread.create', outcome: 'denied', details: { reason: message } }]);
      throw forbidden(message);
    };
    if (!wards.length) await refuse('Endast koordinator eller läkare på en vårdavdelning kan öppna ett ärende.');
    if (!ownerUnitId)
      throw new DomainError('validation', 'Ange ownerUnitId: du tillhör flera avdelningar.', [{ field: 'ownerUnitId', message: 'saknas' }]);
    if (!wards.includes(ownerUnitId)) await refuse('Du kan bara öppna ärenden för din egen avdelning.');

    const participantIds = [...new Set([ownerUnitId, ...dto.participantUnitIds])];
    const known = await this.directory.units(participantIds);
    const unknown = participantIds.filter((id) => !known.some((u) => u.id === id));
    if (unknown.length) {
      throw new DomainError('validation', 'Ogiltiga uppgifter: participantUnitIds innehåller okända enheter', [
        { field: 'participantUnitIds', message: `okända enheter: ${unknown.join(', ')}` },
      ]);
    }

    if (dto.idempotencyKey) {
      const existing = await this.findByKey(actor, dto.idempotencyKey);
      if (existing) return this.replay(existing, dto, participantIds);
    }
    try {
      const result = await inTransaction(this.dataSource, async (manager) => {
        const patient = await this.patients.findOrCreate(manager, dto.patient);
        const givenName = dto.patient.givenName.trim();
        const familyName = dto.patient.familyName.trim();
        const declared = dto.patient.protectedIdentity ?? false;
        const thread = await manager.save(
          manager.create(Thread, {
            patientId: patient.id,
            patientGivenName: givenName,
            patientFamilyName: familyName,
            patientProtectedDeclared: declared,
            patientProtected: declared || patient.protectedIdentity,
            // Against the names the ward already sees for this patient (its other threads), never the
            // stored one: that would tell a ward with no other access whether a guessed name is right.
            patientNameMismatch: (await this.namesSeen(manager, patient.id, ownerUnitId)).some(
              (seen) => !sameName(seen, givenName, familyName),
            ),
            ownerUnitId,
            triage: dto.triage,
            status: 'inskriven' as ThreadStatus,
            admittedAt: dto.admittedAt ? new Date(dto.admittedAt) : null,
            plannedDischargeDate: dto.plannedDischargeDate ?? null,
            createdByUserId: actor.userId,
            idempotencyKey: dto.idempotencyKey ?? null,
          }),
        );
        await manager.insert(
          ThreadParticipant,
          participantIds.map((unitId) => ({ threadId: thread.id, unitId })),
        );
        await this.audit.record(manager, [
          { actor, action: 'thread.create', outcome: 'allowed', unitId: ownerUnitId, patientId: patient.id, threadId: thread.id },
        ]);
        return { thread: await this.view(manager, thread.id, true), created: true };
      });
      this.events.publish({
        type: 'thread.created',
        threadId: result.thread.id,
        participantUnitIds: participantIds,
        data: { threadId: result.thread.id },
      });
      return result;
    } catch (error) {
      // A concurrent retry with the same key won the race: answer with its thread.
      if (
        (error as { driverError?: { constraint?: string } }).driverError?.constraint === 'thread_creator_idempotency' &&
        dto.idempotencyKey
      ) {
        const existing = await this.findByKey(actor, dto.idempotencyKey);
        if (existing) return this.replay(existing, dto, participantIds);
      }
      throw error;
    }
  }

  /** The patient's names as the unit sees them in the threads it takes part in. */
  private namesSeen(manager: EntityManager, patientId: string, unitId: string): Promise<{ givenName: string; familyName: string }[]> {
    return manager.query(
      `SELECT DISTINCT t.patient_given_name AS "givenName", t.patient_family_name AS "familyName"
         FROM thread t JOIN thread_participant tp ON tp.thread_id = t.id WHERE t.patient_id = $1 AND tp.unit_id = $2`,
      [patientId, unitId],
    );
  }

  /**
   * The threads the actor's units take part in, newest activity first (or the most pressing deadline
   * first), with unread counts: filtered, searched, sorted and paged in SQL over all of them.
   */
  async list(actor: Actor, query: InboxQuery): Promise<{ threads: ThreadDto[]; hasMore: boolean }> {
    const units = this.access.visibleUnitIds(actor);
    return inTransaction(this.dataSource, async (manager) => {
      await this.inboxClocks.refresh(manager, units);
      const limit = query.limit ?? LIST_LIMIT;
      const params: unknown[] = [units, actor.userId, limit + 1, EVENT_KINDS, query.offset ?? 0];
      const where = [
        query.status ? `AND t.status = $${params.push(query.status)}` : '',
        query.mina === 'true' ? MINA_CLAUSE : '',
        query.aktiva === 'true' ? `AND t.status NOT IN ('avslutad', 'makulerad')` : '',
        query.filter === 'forsenad' ? `AND ic.next_due_at < $${params.push(this.clocks.now())}` : '',
        query.filter === 'utskrivningsklar_ej_hemgangsklar' ? `AND ic.clock_state = 'utskrivningsklar' AND t.hemgangsklar_at IS NULL` : '',
        searchClause(query.q, params),
      ].join(' ');
      const order = query.sort === 'frist' ? 'ic.next_due_at ASC NULLS LAST, t.updated_at DESC, t.id' : 't.updated_at DESC, t.id';
      const found: ThreadRow[] = await manager.query(
        `${THREAD_SELECT.replace(
          'SELECT t.id,',
          `SELECT (SELECT count(*) FROM message m WHERE m.thread_id = t.id AND m.author_user_id <> $2 AND m.kind <> ALL($4::text[])
                     AND NOT EXISTS (SELECT 1 FROM read_receipt r WHERE r.message_id = m.id AND r.user_id = $2))::int AS unread,
                  ${MY_READINESS('$1')} AS my_readiness, t.id,`,
        )} LEFT JOIN thread_inbox_clock ic ON ic.thread_id = t.id
          WHERE t.id IN (SELECT thread_id FROM thread_participant WHERE unit_id = ANY($1::uuid[])) ${where}
          ORDER BY ${order} LIMIT $3 OFFSET $5`,
        params,
      );
      const rows = found.slice(0, limit);
      const participants: ParticipantRow[] = rows.length ? await manager.query(PARTICIPANT_SELECT, [rows.map((r) => r.id)]) : [];
      const clocks = await clocksOf(
        manager,
        this.clocks,
        rows.map((r) => r.id),
      );
      const shown = rows.map((r) => ({
        ...mapThread(r, participants, { list: true, isOwner: units.includes(r.owner_unit_id), readerUnitIds: units }),
        clock: clocks.get(r.id),
      }));
      // Listing shows who the patients are: each one shown is a read of that patient's data, all of
      // them in one access-log row naming each thread and patient with the unit it was seen from.
      await this.audit.recordCovering(
        manager,
        { actor, action: 'thread.list', outcome: 'allowed' },
        shown.map((t) => ({
          unitId: units.find((u) => participants.some((p) => p.thread_id === t.id && p.unit_id === u)) ?? null,
          patientId: t.patient.id,
          threadId: t.id,
        })),
      );
      return { threads: shown, hasMore: found.length > limit };
    });
  }

  async get(actor: Actor, threadId: string): Promise<ThreadDto> {
    return this.access.withThread(actor, threadId, 'thread.read', {}, async (manager, access) => {
      const dto = await this.detail(manager, threadId, access.isOwner, access.actingUnitIds);
      await this.audit.record(manager, [threadRecord(actor, access, 'thread.read')]);
      return dto;
    });
  }

  /** The thread as `get` shows it, inside the caller's transaction (which has checked access and logs it). */
  async detail(manager: EntityManager, threadId: string, isOwner: boolean, readerUnitIds: readonly string[] = []): Promise<ThreadDto> {
    const view = await this.view(manager, threadId, isOwner, readerUnitIds);
    // A protected identity hides the address from everyone but the owning ward.
    const facts = (await loadFacts(manager, threadId)).filter((f) => !(f.key === 'folkbokforingsadress' && view.patient.name === null));
    return { ...view, facts };
  }

  private async view(
    manager: EntityManager,
    threadId: string,
    isOwner: boolean,
    readerUnitIds: readonly string[] = [],
  ): Promise<ThreadDto> {
    // The reader's own readiness rides along, so a thread fetched alone (a live update of the inbox) keeps its card's line.
    const [row]: ThreadRow[] = await manager.query(
      `${THREAD_SELECT.replace('SELECT t.id,', `SELECT ${MY_READINESS('$2')} AS my_readiness, t.id,`)} WHERE t.id = $1`,
      [threadId, readerUnitIds],
    );
    const participants: ParticipantRow[] = await manager.query(PARTICIPANT_SELECT, [[threadId]]);
    const clocks = await clocksOf(manager, this.clocks, [threadId]);
    return { ...mapThread(row, participants, { list: false, isOwner, readerUnitIds }), clock: clocks.get(threadId) };
  }

  /** A retry must be the same request: a key reused for another patient or other participants is a 409. */
  private async replay(
    existing: ThreadDto,
    dto: CreateThreadDto,
    participantIds: string[],
  ): Promise<{ thread: ThreadDto; created: false }> {
    const patientId = await this.patients.findId(this.dataSource.manager, dto.patient);
    if (!sameRetry(existing, patientId, participantIds)) throw conflict(IDEMPOTENCY_REUSED);
    return { thread: existing, created: false };
  }

  private async findByKey(actor: Actor, key: string): Promise<ThreadDto | undefined> {
    const found = await this.dataSource.getRepository(Thread).findOneBy({ createdByUserId: actor.userId, idempotencyKey: key });
    return found ? this.get(actor, found.id) : undefined;
  }
}
