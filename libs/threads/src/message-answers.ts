import type { EntityManager } from 'typeorm';
import { conflict, forbidden, invalid } from '@brygga/common';
import { EVENT_KINDS, type MessageKind } from './message-kinds';
import type { ThreadAccess } from './thread-access.service';

/** Kinds a kvittens may not acknowledge: free text (answered with free text), answers, and records of what happened. */
const NOT_ACKNOWLEDGEABLE = new Set<string>(['fritext', 'kvittens', 'sip_svar', 'avvikelse_svar', ...EVENT_KINDS]);

/**
 * Answers point at an earlier message of the same thread: a SIP answer at a summons the unit was
 * called to, a kvittens at a structured message from another unit.
 */
/**
 * A SIP summons names the units it calls, checked against the participants; without a list it
 * calls every other participant, stored on the summons so that it does not shift when
 * participants change later.
 */
export function summonedUnits(access: ThreadAccess, unitId: string, kind: MessageKind, payload: Record<string, unknown> | null): void {
  if (kind !== 'sip_kallelse' || !payload) return;
  const named = payload.inbjudnaEnheter as string[] | undefined;
  if (!named) {
    payload.inbjudnaEnheter = access.participantUnitIds.filter((u) => u !== unitId);
    return;
  }
  const outside = named.filter((u) => !access.participantUnitIds.includes(u));
  if (outside.length) throw invalid('payload.inbjudnaEnheter', 'kan bara kalla enheter som deltar i ärendet');
}

export async function checkAnswer(
  manager: EntityManager,
  access: ThreadAccess,
  unitId: string,
  kind: MessageKind,
  payload: Record<string, unknown> | null,
): Promise<void> {
  if (kind !== 'sip_svar' && kind !== 'kvittens') return;
  const field = kind === 'sip_svar' ? 'kallelseId' : 'meddelandeId';
  const [target]: { kind: string; author_unit_id: string; payload: Record<string, unknown> | null }[] = await manager.query(
    'SELECT kind, author_unit_id, payload FROM message WHERE id = $1 AND thread_id = $2',
    [payload?.[field], access.thread.id],
  );
  if (!target) throw invalid(`payload.${field}`, 'meddelandet finns inte i detta ärende');
  if (kind === 'sip_svar') {
    if (target.kind !== 'sip_kallelse') throw invalid('payload.kallelseId', 'meddelandet är ingen SIP-kallelse');
    const invited =
      (target.payload?.inbjudnaEnheter as string[] | undefined) ?? access.participantUnitIds.filter((u) => u !== target.author_unit_id);
    if (!invited.includes(unitId)) throw forbidden('Din enhet är inte kallad till detta SIP-möte.');
    return;
  }
  if (NOT_ACKNOWLEDGEABLE.has(target.kind)) {
    throw invalid('payload.meddelandeId', 'bara strukturerade meddelanden kan kvitteras');
  }
  if (target.author_unit_id === unitId) throw conflict('Din enhet skickade meddelandet och kan inte kvittera det.');
}
