import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { conflict, DomainError, DomainEvents, invalid, validationErrorsToFields, type Actor } from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { MessagesService } from './messages.service';
import { factRule, FACT_KEYS, type FactKey } from './thread-facts';
import { ThreadFact } from './thread.entities';
import { requireUnit, ThreadAccessService, threadRecord } from './thread-access.service';

import { FactDto } from './thread-fact.dto';

export { FactDto } from './thread-fact.dto';

interface FactRow {
  key: FactKey;
  value: Record<string, unknown>;
  version: number;
  set_by_user_id: string;
  set_by_name: string;
  set_by_unit_id: string;
  set_by_unit_name: string;
  set_at: Date;
}

const FACT_SELECT = `
  SELECT f.key, f.value, f.version, f.set_by_user_id, au.given_name || ' ' || au.family_name AS set_by_name,
         f.set_by_unit_id, un.name AS set_by_unit_name, f.set_at
    FROM thread_fact f JOIN directory_person au ON au.id = f.set_by_user_id JOIN directory_unit un ON un.id = f.set_by_unit_id`;

const mapFact = (r: FactRow): FactDto => ({
  key: r.key,
  label: factRule(r.key).label,
  value: r.value,
  version: r.version,
  setBy: { userId: r.set_by_user_id, name: r.set_by_name, unitId: r.set_by_unit_id, unitName: r.set_by_unit_name },
  setAt: r.set_at.toISOString(),
});

/** Loads the facts in force (latest version of each key) in the caller's transaction. */
export async function loadFacts(manager: EntityManager, threadId: string): Promise<FactDto[]> {
  const rows: FactRow[] = await manager.query(
    `SELECT DISTINCT ON (f.key) * FROM (${FACT_SELECT} WHERE f.thread_id = $1) f ORDER BY f.key, f.version DESC`,
    [threadId],
  );
  return rows.map(mapFact);
}

/**
 * The thread's structured facts. Each is owned by one organisation kind (the ward the address and
 * närstående, primary care the fast vårdkontakt, SOF the handläggare), changed by a unit of that
 * kind whose role grants facts.write, with its whole history kept.
 */
@Injectable()
export class ThreadFactsService {
  constructor(
    private readonly access: ThreadAccessService,
    private readonly messages: MessagesService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async history(actor: Actor, threadId: string, key: string): Promise<FactDto[]> {
    const factKey = this.key(key);
    return this.access.withThread(actor, threadId, 'thread.read', {}, async (manager, access) => {
      const rows: FactRow[] = await manager.query(`${FACT_SELECT} WHERE f.thread_id = $1 AND f.key = $2 ORDER BY f.version`, [
        threadId,
        factKey,
      ]);
      await this.audit.record(manager, [threadRecord(actor, access, 'thread.read', { details: { fact: factKey, versions: rows.length } })]);
      return rows.map(mapFact);
    });
  }

  async set(actor: Actor, threadId: string, key: string, value: Record<string, unknown>, expectedVersion: number): Promise<FactDto> {
    const factKey = this.key(key);
    const rule = factRule(factKey);
    const clean = plainToInstance(rule.value, value);
    const errors = validateSync(clean, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) {
      const fields = validationErrorsToFields(errors, 'value');
      throw new DomainError('validation', `Ogiltiga uppgifter: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`, fields);
    }
    const result = await this.access.withThread(
      actor,
      threadId,
      'fact.change',
      { lock: true, writable: true, denial: { fact: factKey } },
      async (manager, access) => {
        const owners = access
          .unitsWith('facts.write')
          .filter((u) => actor.memberships.some((m) => m.unitId === u && m.orgKind === rule.ownedBy));
        const unitId = requireUnit(
          { ...access, unitsWith: () => owners },
          'facts.write',
          undefined,
          `${rule.label} anges av ${ownerLabel(rule.ownedBy)} i ärendet.`,
        );
        const [{ current }]: { current: number | null }[] = await manager.query(
          'SELECT max(version) AS current FROM thread_fact WHERE thread_id = $1 AND key = $2',
          [threadId, factKey],
        );
        if ((current ?? 0) !== expectedVersion) {
          throw conflict(
            `${rule.label} har ändrats av någon annan (du utgick från version ${expectedVersion}, nu är den version ${current ?? 0}). Hämta ärendet på nytt.`,
          );
        }
        const version = expectedVersion + 1;
        await manager.insert(ThreadFact, {
          threadId,
          key: factKey,
          version,
          value: { ...clean },
          setByUserId: actor.userId,
          setByUnitId: unitId,
        });
        const message = await this.messages.append(manager, threadId, {
          kind: 'uppgift_andrad',
          body: `${rule.label} ${version === 1 ? 'angiven' : 'ändrad'}.`,
          payload: { key: factKey, version },
          authorUserId: actor.userId,
          authorUnitId: unitId,
          correctsMessageId: null,
          idempotencyKey: `system:${randomUUID()}`,
          requestHash: 'system',
        });
        await this.audit.record(manager, [threadRecord(actor, access, 'fact.change', { unitId, details: { fact: factKey, version } })]);
        const [fact] = (await loadFacts(manager, threadId)).filter((f) => f.key === factKey);
        return { fact, message, participantUnitIds: access.participantUnitIds };
      },
    );
    this.events.publish({ type: 'message.created', threadId, participantUnitIds: result.participantUnitIds, data: { ...result.message } });
    this.events.publish({
      type: 'thread.changed',
      threadId,
      participantUnitIds: result.participantUnitIds,
      data: { threadId, fact: result.fact.key },
    });
    return result.fact;
  }

  private key(key: string): FactKey {
    if (!(FACT_KEYS as string[]).includes(key)) throw invalid('key', `okänd uppgift (kända: ${FACT_KEYS.join(', ')})`);
    return key as FactKey;
  }
}

function ownerLabel(kind: string): string {
  return (
    {
      slutenvard: 'vårdavdelningen',
      primarvard: 'primärvården',
      sof: 'socialtjänsten',
      hemsjukvard: 'hemsjukvården',
      hemtjanst: 'hemtjänsten',
    }[kind] ?? kind
  );
}
