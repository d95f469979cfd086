import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError, type Actor } from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { ThreadAccessService, ThreadDerivations, threadRecord, type GuardContext } from '@brygga/threads';
import { loadThreadChecklists } from './checklist.queries';
import type { DischargeCheckDto } from './discharge-check.dto';
import { dischargeConflicts, type DischargeConflict } from './hemgang-status';
import { deriveHemgangsklar } from './hemgangsklar';
import { loadPlanFacts } from './plan-facts.queries';

/** A system (FHIR) actor has no person to confirm anything. */
const isSystem = (actor: Actor) => actor.authMethod.startsWith('system:');

/**
 * The discharge checks the plan (issue 24). Every utskrivningsmeddelande — from the composer, the
 * REST API or a FHIR import, a correction too — is compared, before it is written, with the
 * receiving units' readiness, the pick-up, the open required items and an active avbrott. A
 * person's discharge that does not fit answers 409 with the list unless it confirms with a reason;
 * a system's (an import cannot confirm) is accepted and recorded as unconfirmed. Either way the
 * conflicts are stored in the message, so every participant sees them and the statistics count them.
 */
@Injectable()
export class DischargeCheckService implements OnModuleInit {
  constructor(
    private readonly access: ThreadAccessService,
    private readonly audit: AuditService,
    private readonly derivations: ThreadDerivations,
  ) {}

  onModuleInit(): void {
    this.derivations.registerGuard((manager, context) => this.onMessage(manager, context));
  }

  /** The preview for the composer: the same check, nothing written but the access-log row. */
  async preview(actor: Actor, threadId: string, at: string | undefined): Promise<DischargeCheckDto> {
    const when = at ? Date.parse(at) : Date.now();
    return this.access.withThread(actor, threadId, 'checklist.read', {}, async (manager, access) => {
      const conflicts = await this.conflicts(manager, threadId, when);
      await this.audit.record(manager, [
        threadRecord(actor, access, 'checklist.read', { details: { dischargeCheck: true, conflicts: conflicts.length } }),
      ]);
      return { threadId, at: new Date(when).toISOString(), conflicts };
    });
  }

  private async conflicts(manager: EntityManager, threadId: string, at: number): Promise<DischargeConflict[]> {
    const state = await loadThreadChecklists(manager, threadId);
    const checklists = state.checklists.map((c) => ({ id: c.id, name: c.name, items: c.items }));
    const derived = deriveHemgangsklar(checklists, state.receiving);
    return dischargeConflicts(at, checklists, state.receiving, derived, await loadPlanFacts(manager, threadId));
  }

  private async onMessage(manager: EntityManager, ctx: GuardContext): Promise<Record<string, unknown>> {
    if (ctx.kind !== 'utskrivningsmeddelande' || !ctx.payload) return {};
    const conflicts = await this.conflicts(manager, ctx.threadId, Date.parse(String(ctx.payload.utskrivenAt)));
    if (!conflicts.length) return {};
    const konflikter = conflicts.map((c) => c.message);
    if (isSystem(ctx.actor)) return { konflikter, konfliktStatus: 'obekraftad' };
    if (ctx.payload.bekraftaTrotsKonflikter !== true) {
      throw new DomainError(
        'conflict',
        `Utskrivningen stämmer inte med planen: ${konflikter.join(' ')} Bekräfta utskrivningen med en orsak om patienten ändå ska skrivas ut.`,
        [],
        konflikter,
      );
    }
    return { konflikter, konfliktStatus: 'bekraftad' };
  }
}
