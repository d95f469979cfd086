import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  APP_CONFIG,
  type AppConfig,
  checkObservedAt,
  conflict,
  DomainError,
  DomainEvents,
  forbidden,
  invalid,
  type Actor,
  type ThreadEvent,
} from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { assertKindAllowedNow, kindRule, threadChange, validatePayload } from './message-kinds';
import { checkAnswer, summonedUnits } from './message-answers';
import type { PostMessageDto } from './thread.dto';
import { Message, Thread } from './thread.entities';
import { appendMessage, type NewMessage } from './thread.repository';
import { assertOpen, requireUnit, ThreadAccess, ThreadAccessService, threadRecord } from './thread-access.service';
import { ThreadDerivations } from './thread-derivations';
import { mapMessage, MESSAGE_SELECT, MessageDto, MessageRow } from './thread.mapper';

const PAGE = 200;

function requestHash(dto: PostMessageDto): string {
  const { idempotencyKey: _key, ...content } = dto;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

@Injectable()
export class MessagesService {
  constructor(
    private readonly access: ThreadAccessService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly derivations: ThreadDerivations,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Appends a message. The thread row is locked for the rest of the transaction, which makes the
   * sequence number gap-free and unique, and makes a concurrent retry with the same key wait and
   * then find the committed original.
   */
  async post(actor: Actor, threadId: string, dto: PostMessageDto): Promise<{ message: MessageDto; created: boolean }> {
    const hash = requestHash(dto);
    const post = { idempotencyKey: dto.idempotencyKey };
    const result = await this.access.withThread(actor, threadId, 'message.create', { post }, async (manager, access) => {
      const previous = access.earlierPost;
      if (previous) {
        if (previous.requestHash !== hash) throw conflict('Idempotensnyckeln har redan använts för ett annat meddelande.');
        await this.audit.record(manager, [
          threadRecord(actor, access, 'message.create', {
            unitId: previous.authorUnitId,
            details: { seq: previous.seq, kind: previous.kind, replay: true },
          }),
        ]);
        return {
          message: await this.one(manager, previous.id),
          created: false,
          change: {},
          participantUnitIds: access.participantUnitIds,
          derived: [] as ThreadEvent[],
        };
      }
      // A retry of a message posted before the thread closed got its answer above; nothing new now.
      assertOpen(access.thread);
      // Written without coverage and sent now: the time of the act, within the last shift (docs/offline.md).
      const observedAt = checkObservedAt(dto.observedAt, new Date(), this.config.offlineShiftHours);
      // Validation first: a malformed message gets its 400 whoever sends it.
      const payload = validatePayload(dto.kind, dto.payload, dto.body);
      const unitId = this.authorUnit(actor, access, dto);
      assertKindAllowedNow(dto.kind, access.thread);
      if (dto.correctsMessageId) await this.checkCorrection(manager, threadId, unitId, dto);
      await checkAnswer(manager, access, unitId, dto.kind, payload);
      summonedUnits(access, unitId, dto.kind, payload);

      // Checks against state other modules own (the discharge against the plan), before anything changes.
      const recorded = await this.derivations.guard(manager, { threadId, thread: access.thread, actor, unitId, kind: dto.kind, payload });
      const change = threadChange(dto.kind, payload, access.thread);
      if (Object.keys(change).length) await manager.update(Thread, { id: threadId }, change);
      let message = await appendMessage(manager, threadId, {
        kind: dto.kind,
        body: dto.body?.trim() ? dto.body : null,
        payload: payload && Object.keys(recorded).length ? { ...payload, ...recorded } : payload,
        authorUserId: actor.userId,
        authorUnitId: unitId,
        correctsMessageId: dto.correctsMessageId ?? null,
        idempotencyKey: dto.idempotencyKey,
        requestHash: hash,
        observedAt,
      });
      const seq = message.seq;
      // State other modules derive from this message (e.g. hemgångsklar from readiness).
      const derived = await this.derivations.run(manager, {
        threadId,
        patientId: access.thread.patientId,
        participantUnitIds: access.participantUnitIds,
        actor,
        unitId,
        message,
        attachmentIds: dto.attachmentIds,
      });
      // Bound by a derivation just now: read the message again to show its files.
      if (dto.attachmentIds?.length) message = await this.one(manager, message.id);
      // The access-log rows are the post's last statement: COMMIT rides behind them, one round trip fewer.
      await this.audit.record(
        manager,
        [
          threadRecord(actor, access, 'message.create', {
            unitId,
            details: { seq, kind: dto.kind, ...(observedAt ? { observedAt: observedAt.toISOString() } : {}) },
          }),
          ...derived.audit,
        ],
        { last: true },
      );
      return { message, created: true, change, participantUnitIds: access.participantUnitIds, derived: derived.events };
    });
    // Committed: now others may hear of it.
    if (result.created) {
      const participantUnitIds = result.participantUnitIds;
      this.events.publish({ type: 'message.created', threadId, participantUnitIds, data: { ...result.message } });
      if (Object.keys(result.change).length) {
        this.events.publish({ type: 'thread.changed', threadId, participantUnitIds, data: { threadId, ...result.change } });
      }
      for (const event of result.derived) this.events.publish(event);
    }
    return { message: result.message, created: result.created };
  }

  /**
   * Appends one message to the timeline in the caller's transaction, which must hold the thread
   * row lock (ThreadAccessService.withThread with lock). Also used for timeline events that other
   * modules write (e.g. checklist changes); the caller records the access log and publishes the
   * message.created event after commit.
   */
  async append(manager: EntityManager, threadId: string, message: NewMessage): Promise<MessageDto> {
    return appendMessage(manager, threadId, message);
  }

  /** Messages after a sequence number, in order. */
  async list(actor: Actor, threadId: string, after: number, limit = PAGE): Promise<MessageDto[]> {
    return this.access.withThread(actor, threadId, 'message.list', {}, async (manager, access) => {
      const rows: MessageRow[] = await manager.query(`${MESSAGE_SELECT} WHERE m.thread_id = $1 AND m.seq > $2 ORDER BY m.seq LIMIT $3`, [
        threadId,
        after,
        limit,
      ]);
      await this.audit.record(manager, [threadRecord(actor, access, 'message.list', { details: { after, count: rows.length } })]);
      return this.derivations.withParts(manager, rows.map(mapMessage));
    });
  }

  /**
   * The latest message of each kind (corrections included: a correction is the later message),
   * in the caller's transaction. No access check and no log row: for derived views (libs/plan)
   * whose caller has checked access and logs the read.
   */
  async latestOfKinds(manager: EntityManager, threadId: string, kinds: readonly string[]): Promise<MessageDto[]> {
    const rows: MessageRow[] = await manager.query(
      `SELECT DISTINCT ON (x.kind) * FROM (${MESSAGE_SELECT} WHERE m.thread_id = $1 AND m.kind = ANY($2::text[])) x ORDER BY x.kind, x.seq DESC`,
      [threadId, kinds],
    );
    return this.derivations.withParts(manager, rows.map(mapMessage));
  }

  private async one(manager: EntityManager, id: string): Promise<MessageDto> {
    const [row]: MessageRow[] = await manager.query(`${MESSAGE_SELECT} WHERE m.id = $1`, [id]);
    const [message] = await this.derivations.withParts(manager, [mapMessage(row)]);
    return message;
  }

  /**
   * The unit the message is written for: one where the author's role grants the kind's capability,
   * and which the kind's rules allow (the owning ward only, or certain organisation kinds).
   */
  private authorUnit(actor: Actor, access: ThreadAccess, dto: PostMessageDto): string {
    const rule = kindRule(dto.kind);
    const unitId = requireUnit(access, rule.capability, dto.unitId, `Din roll ger inte behörighet att skicka ${dto.kind} i detta ärende.`);
    const candidates = dto.unitId ? [unitId] : access.unitsWith(rule.capability);
    const fits = candidates.filter((u) => {
      const orgKind = actor.memberships.find((m) => m.unitId === u)?.orgKind;
      return (
        (!rule.ownerOnly || u === access.thread.ownerUnitId) &&
        (!rule.postedBy || (orgKind !== undefined && rule.postedBy.includes(orgKind)))
      );
    });
    if (fits.length) return fits[0];
    if (rule.ownerOnly) throw forbidden(`Endast den ansvariga avdelningen kan skicka ${dto.kind}.`);
    throw forbidden(`Din enhet kan inte skicka ${dto.kind}.`);
  }

  /** A correction replaces an earlier message of the same kind from the same unit. */
  private async checkCorrection(manager: EntityManager, threadId: string, unitId: string, dto: PostMessageDto): Promise<void> {
    const original = await manager.findOneBy(Message, { id: dto.correctsMessageId, threadId });
    if (!original) throw invalid('correctsMessageId', 'meddelandet finns inte i detta ärende');
    if (original.kind !== dto.kind) throw invalid('correctsMessageId', 'en rättelse måste ha samma typ som meddelandet den rättar');
    if (original.authorUnitId !== unitId) {
      throw new DomainError('forbidden', 'Endast enheten som skrev meddelandet kan rätta det.');
    }
  }
}
