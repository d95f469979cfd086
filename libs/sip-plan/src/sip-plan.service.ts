import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { conflict, DomainEvents, forbidden, invalid, type Actor, type ThreadEvent } from '@brygga/common';
import { AuditService, type AuditAction } from '@brygga/audit';
import { MessagesService, requireUnit, ThreadAccessService, threadRecord, type MessageDto, type ThreadAccess } from '@brygga/threads';
import type { AcceptSipPlanDto, SipPlanEntryInput, SipPlanInput } from './sip-plan.dto';
import type { SipPlanDto, SipPlanVersionDto } from './sip-plan.mapper';
import * as q from './sip-plan.queries';

interface Content {
  situation: string;
  mal: string[];
  insatser: { vad: string; enhetId: string; fran: string; hurOfta: string }[];
  sipAnsvarigEnhet: string;
  sipAnsvarigNamn?: string;
  deltagare: { enheter: string[]; patientenDeltog: boolean; narstaendeDeltog: boolean };
  plats: string;
  typ: string;
  motesdatum: string;
  uppfoljningsdatum: string;
}

/** The units with a part in a version: those giving an insats, taking part, and the SIP-ansvarig unit. */
function parties(content: Content): Set<string> {
  return new Set([...content.insatser.map((i) => i.enhetId), ...content.deltagare.enheter, content.sipAnsvarigEnhet]);
}

/**
 * The SIP plan of a thread. The units summoned to SIP (and the summoner) write versions; each
 * version is kept; the units with a part accept it; follow-up and evaluation are entries. Every
 * write is a timeline event and an access-log row in the same transaction.
 */
@Injectable()
export class SipPlanService {
  constructor(
    private readonly access: ThreadAccessService,
    private readonly messages: MessagesService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async read(actor: Actor, threadId: string): Promise<SipPlanDto> {
    return this.access.withThread(actor, threadId, 'sip_plan.read', {}, async (manager, access) => {
      const dto = await this.load(manager, access);
      await this.audit.record(manager, [threadRecord(actor, access, 'sip_plan.read', { details: { version: dto.current?.version ?? 0 } })]);
      return dto;
    });
  }

  async saveVersion(actor: Actor, threadId: string, input: SipPlanInput): Promise<SipPlanDto> {
    return this.write(actor, threadId, 'sip_plan.change', async (manager, access) => {
      const summoned = await q.summonedUnits(manager, threadId);
      if (!summoned) throw conflict('Ingen har kallats till SIP i ärendet ännu: skicka en SIP-kallelse först.');
      const unitId = access.unitsWith('message.post').find((u) => summoned.has(u));
      if (!unitId) throw forbidden('Din enhet är inte kallad till SIP i detta ärende och kan inte ändra planen.');
      const outside = (field: string, ids: string[]) => {
        if (ids.some((u) => !access.participantUnitIds.includes(u))) throw invalid(field, 'kan bara vara enheter som deltar i ärendet');
      };
      outside(
        'insatser',
        input.insatser.map((i) => i.enhetId),
      );
      outside('sipAnsvarigEnhet', [input.sipAnsvarigEnhet]);
      outside('deltagare.enheter', input.deltagare.enheter);
      const latest = await q.latestVersion(manager, threadId);
      if (latest && input.grundversion !== latest.version) {
        throw conflict(`Planen har ändrats (nu version ${latest.version}). Läs in den senaste versionen och gör ändringen i den.`);
      }
      const version = (latest?.version ?? 0) + 1;
      const { grundversion: _base, ...content } = input;
      await q.insertVersion(manager, { threadId, version, content, userId: actor.userId, unitId });
      return {
        unitId,
        kind: 'sip_plan_version',
        body: `SIP-planen version ${version} sparad.`,
        payload: { version },
        details: { version },
      };
    });
  }

  async accept(actor: Actor, threadId: string, dto: AcceptSipPlanDto): Promise<SipPlanDto> {
    return this.write(actor, threadId, 'sip_plan.accept', async (manager, access) => {
      const latest = await q.latestVersion(manager, threadId);
      if (!latest) throw conflict('Det finns ingen SIP-plan att acceptera ännu.');
      if (dto.version !== latest.version) throw conflict(`Planen har en nyare version (${latest.version}): läs den innan du accepterar.`);
      const mine = parties(latest.content as unknown as Content);
      const requested = dto.unitId ? requireUnit(access, 'message.post', dto.unitId) : undefined;
      const candidates = (requested ? [requested] : access.unitsWith('message.post')).filter((u) => mine.has(u));
      if (!candidates.length) throw forbidden('Din enhet har ingen del i denna version av SIP-planen.');
      const accepted = await q.acceptances(manager, latest.id);
      const unitId = candidates.find((u) => !accepted.some((a) => a.unit_id === u));
      if (!unitId) throw conflict('Din enhet har redan accepterat sin del av denna version.');
      await q.insertAcceptance(manager, latest.id, unitId, actor.userId);
      return {
        unitId,
        kind: 'sip_plan_accepterad',
        body: `SIP-planen version ${latest.version}: enheten accepterar sin del.`,
        payload: { version: latest.version },
        details: { version: latest.version },
      };
    });
  }

  async addEntry(actor: Actor, threadId: string, input: SipPlanEntryInput): Promise<SipPlanDto> {
    return this.write(actor, threadId, 'sip_plan.entry', async (manager, access) => {
      const latest = await q.latestVersion(manager, threadId);
      if (!latest) throw conflict('Det finns ingen SIP-plan att följa upp ännu.');
      const content = latest.content as unknown as Content;
      const summoned = (await q.summonedUnits(manager, threadId)) ?? new Set<string>();
      const mine = parties(content);
      const requested = input.unitId ? requireUnit(access, 'message.post', input.unitId) : undefined;
      const unitId = (requested ? [requested] : access.unitsWith('message.post')).find((u) => summoned.has(u) || mine.has(u));
      if (!unitId) throw forbidden('Din enhet deltar inte i SIP-planen och kan inte följa upp den.');
      const results = input.malResultat ?? [];
      if (results.length > content.mal.length) throw invalid('malResultat', `planen har ${content.mal.length} mål`);
      await q.insertEntry(manager, {
        threadId,
        versionId: latest.id,
        kind: input.typ,
        heldOn: input.datum,
        text: input.text,
        goalResults: results,
        userId: actor.userId,
        unitId,
      });
      const what = input.typ === 'uppfoljning' ? 'Uppföljning' : 'Utvärdering';
      return {
        unitId,
        kind: 'sip_plan_anteckning',
        body: `${what} av SIP-planen (version ${latest.version}) ${input.datum}.`,
        payload: { version: latest.version, typ: input.typ },
        details: { version: latest.version, typ: input.typ },
      };
    });
  }

  /** A write under the thread lock: the change, its timeline event and its access-log row commit together; the event is published after. */
  private async write(
    actor: Actor,
    threadId: string,
    action: AuditAction,
    change: (
      manager: EntityManager,
      access: ThreadAccess,
    ) => Promise<{
      unitId: string;
      kind: string;
      body: string;
      payload: Record<string, unknown>;
      details: Record<string, string | number>;
    }>,
  ): Promise<SipPlanDto> {
    const result = await this.access.withThread(actor, threadId, action, { lock: true, writable: true }, async (manager, access) => {
      requireUnit(access, 'message.post');
      const done = await change(manager, access);
      const message: MessageDto = await this.messages.append(manager, threadId, {
        kind: done.kind,
        body: done.body,
        payload: done.payload,
        authorUserId: actor.userId,
        authorUnitId: done.unitId,
        correctsMessageId: null,
        idempotencyKey: `system:${randomUUID()}`,
        requestHash: 'system',
      });
      await this.audit.record(manager, [
        threadRecord(actor, access, action, { unitId: done.unitId, details: { ...done.details, seq: message.seq } }),
      ]);
      const event: ThreadEvent = { type: 'message.created', threadId, participantUnitIds: access.participantUnitIds, data: { ...message } };
      return { event, dto: await this.load(manager, access) };
    });
    this.events.publish(result.event);
    return result.dto;
  }

  private async load(manager: EntityManager, access: ThreadAccess): Promise<SipPlanDto> {
    const threadId = access.thread.id;
    const latest = await q.latestVersion(manager, threadId);
    const summoned = await q.summonedUnits(manager, threadId);
    const mayPost = access.unitsWith('message.post');
    let current: SipPlanVersionDto | null = null;
    let mayAccept: string[] = [];
    if (latest) {
      const c = latest.content as unknown as Content;
      const party = [...parties(c)];
      const names = await q.unitNames(manager, party);
      const accepted = await q.acceptances(manager, latest.id);
      const name = (id: string) => names.get(id)?.name ?? '';
      current = {
        version: latest.version,
        createdAt: latest.created_at.toISOString(),
        createdByUnitName: latest.unit_name,
        situation: c.situation,
        mal: c.mal,
        insatser: c.insatser.map((i) => ({ ...i, enhetNamn: name(i.enhetId), organisationNamn: names.get(i.enhetId)?.organisation ?? '' })),
        sipAnsvarigEnhet: c.sipAnsvarigEnhet,
        sipAnsvarigEnhetNamn: name(c.sipAnsvarigEnhet),
        sipAnsvarigNamn: c.sipAnsvarigNamn ?? null,
        deltagandeEnheter: c.deltagare.enheter.map(name),
        patientenDeltog: c.deltagare.patientenDeltog,
        narstaendeDeltog: c.deltagare.narstaendeDeltog,
        plats: c.plats,
        typ: c.typ,
        motesdatum: c.motesdatum,
        uppfoljningsdatum: c.uppfoljningsdatum,
        accepterade: accepted.map((a) => ({ unitId: a.unit_id, unitName: a.unit_name, acceptedAt: a.accepted_at.toISOString() })),
        vantarPa: party
          .filter((u) => !accepted.some((a) => a.unit_id === u))
          .map((u) => ({ unitId: u, unitName: name(u), acceptedAt: '' })),
      };
      mayAccept = mayPost.filter((u) => party.includes(u) && !accepted.some((a) => a.unit_id === u));
    }
    return {
      threadId,
      current,
      history: (await q.history(manager, threadId)).map((h) => ({
        version: h.version,
        createdAt: h.created_at.toISOString(),
        createdByUnitName: h.unit_name,
      })),
      entries: (await q.entries(manager, threadId)).map((e) => ({
        id: e.id,
        version: e.version,
        typ: e.kind,
        datum: e.held_on,
        text: e.text,
        malResultat: e.goal_results,
        unitName: e.unit_name,
        createdAt: e.created_at.toISOString(),
      })),
      mayEdit: !!summoned && mayPost.some((u) => summoned.has(u)),
      mayAccept,
    };
  }
}
