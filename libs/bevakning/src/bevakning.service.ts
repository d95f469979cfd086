import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { mapThread, PARTICIPANT_SELECT, THREAD_SELECT, ThreadAccessService, type ParticipantRow, type ThreadRow } from '@brygga/threads';

const LIMIT = 200;

import type { WarningDto } from './bevakning.dto';

export { WarningDto } from './bevakning.dto';

/** The Bevakning list: the last 30 days' warnings on threads my units take part in, newest first. */
@Injectable()
export class BevakningService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ThreadAccessService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor): Promise<WarningDto[]> {
    const units = this.access.visibleUnitIds(actor);
    return this.dataSource.transaction(async (manager) => {
      const warnings: {
        id: string;
        thread_id: string;
        kind: string;
        level: string;
        due_at: Date;
        text: string;
        unit_ids: string[];
        created_at: Date;
      }[] = await manager.query(
        `SELECT w.id, w.thread_id, w.kind, w.level, w.due_at, w.text, w.unit_ids, w.created_at
           FROM deadline_warning w
          WHERE w.thread_id IN (SELECT thread_id FROM thread_participant WHERE unit_id = ANY($1::uuid[]))
            AND w.created_at > now() - interval '30 days'
          ORDER BY w.created_at DESC LIMIT $2`,
        [units, LIMIT],
      );
      const ids = [...new Set(warnings.map((w) => w.thread_id))];
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
      return warnings.map((w) => {
        const t = threads.get(w.thread_id)!;
        return {
          id: w.id,
          threadId: w.thread_id,
          kind: w.kind,
          level: w.level,
          dueAt: w.due_at.toISOString(),
          text: w.text,
          createdAt: w.created_at.toISOString(),
          concernsMe: w.unit_ids.some((u) => units.includes(u)),
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
