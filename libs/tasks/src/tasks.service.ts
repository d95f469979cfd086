import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { invalid, unitsWith, type Actor } from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { checklistItemTasks, pendingText, readinessTasks, shortDayTime, type TemplateItem } from '@brygga/checklists';
import { deviationTasks } from '@brygga/home-phase';
import {
  kvittensTasks,
  mapThread,
  PARTICIPANT_SELECT,
  sipAnswerTasks,
  THREAD_SELECT,
  type ParticipantRow,
  type TaskPage,
  type TaskRow,
  type ThreadRow,
} from '@brygga/threads';
import type { TaskDto, TaskListDto } from './tasks.dto';
import { inTransaction } from '@brygga/database';

const PAGE = 50;

/** Every kind of task, each read by the library that owns its table. */
const SOURCES: ((manager: EntityManager, page: TaskPage) => Promise<TaskRow[]>)[] = [
  checklistItemTasks,
  readinessTasks,
  sipAnswerTasks,
  kvittensTasks,
  deviationTasks,
];

const MESSAGE_KINDS: Record<string, string> = {
  inskrivningsmeddelande: 'inskrivningsmeddelandet',
  planerad_utskrivning: 'den planerade utskrivningen',
  utskrivningsklar: 'meddelandet om utskrivningsklar',
  avbrott: 'avbrottet',
  utskrivningsmeddelande: 'utskrivningsmeddelandet',
  hemgangsbeslut: 'hemgångsbeslutet',
};

const DEVIATIONS: Record<string, string> = {
  lakemedel_saknas: 'läkemedel saknas',
  hjalpmedel_saknas: 'hjälpmedel saknas',
  insats_uteblev: 'en insats uteblev',
  annat: 'annat',
};

/** The line a task shows: what is to be done, never who the patient is. */
function taskText(row: TaskRow): string {
  const d = row.detail;
  switch (row.kind) {
    case 'punkt':
      return `${String(d.checklist)}: ${pendingText(d.definition as TemplateItem)}`;
    case 'redo':
      return d.withdrawn
        ? 'Ni har återkallat att ni är redo: bekräfta igen när ni kan ta emot patienten'
        : 'Er bekräftelse saknas: bekräfta när ni är redo att ta emot patienten';
    case 'sip_svar':
      return `Svara på kallelsen till SIP-möte ${shortDayTime(String(d.motesTid))}`;
    case 'kvittens':
      return `Kvittera ${MESSAGE_KINDS[String(d.messageKind)] ?? 'meddelandet'}`;
    case 'avvikelse':
      return `Besvara eller kvittera avvikelsen (${DEVIATIONS[String(d.kategori)] ?? 'annat'})`;
    default:
      return row.kind;
  }
}

const encodeCursor = (row: TaskRow): string =>
  Buffer.from(JSON.stringify({ at: row.sort_at.toISOString(), key: row.key })).toString('base64url');

function decodeCursor(cursor: string | undefined): TaskPage['after'] {
  if (!cursor) return null;
  try {
    const { at, key } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { at: unknown; key: unknown };
    const when = new Date(String(at));
    if (typeof key === 'string' && key.length <= 300 && !Number.isNaN(when.getTime())) return { at: when, key };
  } catch {
    // Falls through to the refusal.
  }
  throw invalid('cursor', 'är inte en giltig fortsättning (ta nextCursor från förra sidan)');
}

/**
 * Mina uppgifter: for the reader's units (those whose role lists tasks), what they have not done in
 * the active threads they take part in. Each source reads one page from where the last ended; the
 * merged first `limit` are the page. Each thread shown names its patient: a read, access-logged.
 */
@Injectable()
export class TasksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: { limit?: number; cursor?: string }): Promise<TaskListDto> {
    const after = decodeCursor(query.cursor);
    const limit = query.limit ?? PAGE;
    const units = unitsWith(actor, 'task.list');
    const page: TaskPage = {
      unitIds: units,
      orgKinds: units.map((u) => actor.memberships.find((m) => m.unitId === u)!.orgKind),
      after,
      limit: limit + 1,
    };
    return inTransaction(this.dataSource, async (manager) => {
      const found: TaskRow[] = [];
      for (const source of SOURCES) found.push(...(await source(manager, page)));
      found.sort((a, b) => a.sort_at.getTime() - b.sort_at.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const rows = found.slice(0, limit);
      const ids = [...new Set(rows.map((r) => r.thread_id))];
      const threadRows: ThreadRow[] = ids.length ? await manager.query(`${THREAD_SELECT} WHERE t.id = ANY($1::uuid[])`, [ids]) : [];
      const participants: ParticipantRow[] = ids.length ? await manager.query(PARTICIPANT_SELECT, [ids]) : [];
      const threads = new Map(
        threadRows.map((r) => [
          r.id,
          mapThread(r, participants, { list: true, isOwner: units.includes(r.owner_unit_id), readerUnitIds: units }),
        ]),
      );
      // Each thread shown names its patient: a read of that patient's data. Like the inbox's list,
      // one access-log row per request covers them all, naming each thread and patient with the
      // unit it was seen from (the list refetches live, so one row per thread added up).
      await this.audit.recordCovering(
        manager,
        { actor, action: 'task.list', outcome: 'allowed' },
        threadRows.map((r) => ({
          // The unit whose task it is (the first shown for that thread).
          unitId: rows.find((row) => row.thread_id === r.id)?.unit_id ?? null,
          patientId: r.patient_id,
          threadId: r.id,
        })),
      );
      const unitName = (id: string) => actor.memberships.find((m) => m.unitId === id)?.unitName ?? '';
      const tasks: TaskDto[] = rows.map((row) => {
        const t = threads.get(row.thread_id)!;
        return {
          kind: row.kind,
          threadId: row.thread_id,
          unitId: row.unit_id,
          unitName: unitName(row.unit_id),
          refId: row.ref_id,
          checklistId: row.kind === 'punkt' ? String(row.detail.checklistId) : null,
          text: taskText(row),
          dueAt: row.due_at ? row.due_at.toISOString() : null,
          patient: { name: t.patient.name, identityNumber: t.patient.identityNumber, protectedIdentity: t.patient.protectedIdentity },
          threadStatus: t.status,
          ownerUnitName: t.ownerUnit.name,
        };
      });
      return { tasks, nextCursor: found.length > limit ? encodeCursor(rows[rows.length - 1]) : null };
    });
  }
}
