import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainEvents, forbidden, notFound, unitsWith, type Actor } from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { ThreadAccessService, threadRecord } from '@brygga/threads';
import type { AlertDto } from './alerts.dto';
import type { AlertState } from './alert.entity';

export interface AlertRow {
  id: string;
  thread_id: string;
  kind: string;
  level: string;
  due_at: Date;
  text: string;
  unit_ids: string[];
  raised_at: Date;
  state: AlertState;
  seen_by_user_id: string | null;
  seen_by_name: string | null;
  seen_at: Date | null;
  handled_by_user_id: string | null;
  handled_by_name: string | null;
  handled_at: Date | null;
}

export const ALERT_SELECT = `
  SELECT a.id, a.thread_id, a.kind, a.level, a.due_at, a.text, a.unit_ids, a.raised_at, a.state,
         a.seen_by_user_id, su.given_name || ' ' || su.family_name AS seen_by_name, a.seen_at,
         a.handled_by_user_id, hu.given_name || ' ' || hu.family_name AS handled_by_name, a.handled_at
    FROM thread_alert a LEFT JOIN directory_person su ON su.id = a.seen_by_user_id LEFT JOIN directory_person hu ON hu.id = a.handled_by_user_id`;

export function mapAlert(row: AlertRow, myUnitIds: readonly string[]): AlertDto {
  const mark = (userId: string | null, name: string | null, at: Date | null) =>
    userId && at ? { userId, name: name ?? '', at: at.toISOString() } : null;
  return {
    id: row.id,
    threadId: row.thread_id,
    kind: row.kind,
    level: row.level,
    dueAt: row.due_at.toISOString(),
    text: row.text,
    raisedAt: row.raised_at.toISOString(),
    state: row.state,
    seen: mark(row.seen_by_user_id, row.seen_by_name, row.seen_at),
    handled: mark(row.handled_by_user_id, row.handled_by_name, row.handled_at),
    concernsMe: row.unit_ids.some((u) => myUnitIds.includes(u)),
  };
}

const RANK: Record<AlertState, number> = { ny: 0, sedd: 1, hanterad: 2 };

/**
 * A thread's alerts (Bevakning outside the conversation): read by anyone who may read the thread,
 * marked seen or handled by a user of a unit the alert concerns. A mark is logged and told live to
 * the thread's units; marking again, or marking seen what is handled, changes nothing.
 */
@Injectable()
export class AlertsService {
  constructor(
    private readonly access: ThreadAccessService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async list(actor: Actor, threadId: string): Promise<AlertDto[]> {
    return this.access.withThread(actor, threadId, 'alert.list', {}, async (manager, access) => {
      const rows: AlertRow[] = await manager.query(`${ALERT_SELECT} WHERE a.thread_id = $1 ORDER BY a.raised_at DESC`, [threadId]);
      await this.audit.record(manager, [threadRecord(actor, access, 'alert.list')]);
      return rows.map((r) => mapAlert(r, access.actingUnitIds));
    });
  }

  async mark(actor: Actor, threadId: string, alertId: string, state: 'sedd' | 'hanterad'): Promise<AlertDto> {
    let changed = false;
    let participants: string[] = [];
    const dto = await this.access.withThread(actor, threadId, 'alert.mark', { lock: true }, async (manager, access) => {
      participants = access.participantUnitIds;
      const row = await this.load(manager, threadId, alertId);
      if (!row) throw notFound('Larmet');
      const mine = access.unitsWith('alert.handle').filter((u) => row.unit_ids.includes(u));
      if (!mine.length) throw forbidden('Larmet gäller inte din enhet: bara en enhet som larmet gäller kan markera det.');
      changed = RANK[state] > RANK[row.state];
      if (changed) {
        // Handled implies seen: a handled alert also says who saw it (the first to mark it either way).
        const handled = state === 'hanterad' ? ', handled_by_user_id = $3, handled_at = now()' : '';
        await manager.query(
          `UPDATE thread_alert SET state = $2, seen_by_user_id = coalesce(seen_by_user_id, $3), seen_at = coalesce(seen_at, now())${handled}
            WHERE id = $1`,
          [alertId, state, actor.userId],
        );
      }
      await this.audit.record(manager, [
        threadRecord(actor, access, 'alert.mark', { unitId: mine[0], details: { kind: row.kind, state, changed } }),
      ]);
      return mapAlert((await this.load(manager, threadId, alertId))!, access.actingUnitIds);
    });
    if (changed) {
      this.events.publish({
        type: 'alert.changed',
        threadId,
        participantUnitIds: participants,
        data: {
          alertId: dto.id,
          kind: dto.kind,
          state: dto.state,
          by: (state === 'sedd' ? dto.seen : dto.handled)?.name ?? '',
          at: (state === 'sedd' ? dto.seen : dto.handled)?.at ?? '',
        },
      });
    }
    return dto;
  }

  private async load(manager: EntityManager, threadId: string, alertId: string): Promise<AlertRow | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(alertId)) return undefined;
    const [row]: AlertRow[] = await manager.query(`${ALERT_SELECT} WHERE a.id = $1 AND a.thread_id = $2`, [alertId, threadId]);
    return row;
  }
}

/** The units whose alerts the actor may mark (for lists outside one thread). */
export const markingUnits = (actor: Actor): string[] => unitsWith(actor, 'alert.handle');
