import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { mapThread, PARTICIPANT_SELECT, THREAD_SELECT, ThreadAccessService, type ParticipantRow, type ThreadRow } from '@brygga/threads';
import { ALERT_SELECT, mapAlert, type AlertRow } from './alerts.service';
import type { WarningDto } from './bevakning.dto';
import { inTransaction } from '@brygga/database';

export { WarningDto } from './bevakning.dto';

const LIMIT = 200;

/**
 * The Bevakning list: the alerts (one per thread and kind) raised in the last 30 days on threads my
 * units take part in, newest first, each with who marked it seen or handled.
 */
@Injectable()
export class BevakningService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ThreadAccessService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor): Promise<WarningDto[]> {
    const units = this.access.visibleUnitIds(actor);
    return inTransaction(this.dataSource, async (manager) => {
      const alerts: AlertRow[] = await manager.query(
        `${ALERT_SELECT}
          WHERE a.thread_id IN (SELECT thread_id FROM threads_scope WHERE unit_id = ANY($1::uuid[]))
            AND a.raised_at > now() - interval '30 days'
          ORDER BY a.raised_at DESC LIMIT $2`,
        [units, LIMIT],
      );
      const ids = [...new Set(alerts.map((w) => w.thread_id))];
      const rows: ThreadRow[] = ids.length ? await manager.query(`${THREAD_SELECT} WHERE t.id = ANY($1::uuid[])`, [ids]) : [];
      const participants: ParticipantRow[] = ids.length ? await manager.query(PARTICIPANT_SELECT, [ids]) : [];
      const threads = new Map(
        rows.map((r) => [r.id, mapThread(r, participants, { list: true, isOwner: units.includes(r.owner_unit_id), readerUnitIds: units })]),
      );
      // Each thread shown names its patient: a read of that patient's data.
      await this.audit.record(
        manager,
        rows.map((r) => ({
          actor,
          action: 'bevakning.list' as const,
          outcome: 'allowed' as const,
          patientId: r.patient_id,
          threadId: r.id,
        })),
      );
      return alerts.map((row) => {
        const t = threads.get(row.thread_id)!;
        const alert = mapAlert(row, units);
        return {
          ...alert,
          createdAt: alert.raisedAt,
          thread: {
            status: t.status,
            patient: { name: t.patient.name, identityNumber: t.patient.identityNumber, protectedIdentity: t.patient.protectedIdentity },
            ownerUnit: t.ownerUnit,
          },
        };
      });
    });
  }
}
