import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ADVISORY_LOCKS, APP_CONFIG, DomainEvents, type AppConfig, type ThreadEvent } from '@brygga/common';
import { AuditService, type AuditRecord } from '@brygga/audit';
import { ThreadClocks } from '@brygga/deadlines';
import { clockRowsOfStatus, threadUnits, unreadMessages } from '@brygga/threads';
import { deadlineWarnings, unreadWarning, type WarningCandidate } from './warnings';
import { inTransaction } from '@brygga/database';

/** Only one node sweeps at a time; the others skip that round (pg_try_advisory_xact_lock). */
const SWEEP_LOCK = ADVISORY_LOCKS.bevakning;
/** The system's own user: author of the timeline entries Brygga writes (created by a migration). */
export const SYSTEM_USER_KEY = 'brygga.system';
const ACTIVE = ['inskriven', 'planering', 'utskrivningsklar', 'avbrott'];

/** Structured messages whose reading matters, with how the warning names them. */
const WATCHED_KINDS: Record<string, string> = {
  inskrivningsmeddelande: 'Inskrivningsmeddelandet',
  planerad_utskrivning: 'Planerad utskrivning',
  utskrivningsklar: 'Underrättelsen om utskrivningsklar',
  avbrott: 'Avbrottet',
  utskrivningsmeddelande: 'Utskrivningsmeddelandet',
  sip_kallelse: 'Kallelsen till SIP',
  hemgangsbeslut: 'Hemgångsbeslutet',
};

export interface SweepResult {
  skipped: boolean;
  created: number;
}

/**
 * The periodic job behind "Bevakning": finds deadlines near or past and structured messages left
 * unread, and writes each warning once (deadline_warning), raising the thread's alert of that kind
 * (thread_alert: a banner, not a timeline entry), then tells the units concerned live. Safe with several api nodes: one sweeps at a time (advisory lock), and the
 * unique key per thread and deadline holds even if two did.
 */
@Injectable()
export class BevakningJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Bevakning');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly clocks: ThreadClocks,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.bevakningIntervalSeconds;
    if (seconds > 0) {
      this.timer = setInterval(() => {
        this.running ??= this.sweep()
          .catch((error: unknown) => this.logger.warn(`Sweep failed: ${(error as Error).message}`))
          .finally(() => (this.running = undefined));
      }, seconds * 1000).unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  async sweep(now = this.clocks.now()): Promise<SweepResult> {
    let published: ThreadEvent[] = [];
    const result = await inTransaction(this.dataSource, async (manager) => {
      published = []; // an attempt rolled back (deadlock) published nothing: its events go with it
      const [{ locked }]: { locked: boolean }[] = await manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [SWEEP_LOCK]);
      if (!locked) return { skipped: true, created: 0 };
      const found = await this.find(manager, now);
      if (!found.length) return { skipped: false, created: 0 };
      // The law's deadlines bind the region and the municipality (ward, SOF, hemsjukvård): a
      // home-care provider acts on SOF's decision, and its staff are not asked to handle them.
      const facts = await threadUnits(
        manager,
        found.map((f) => f.threadId),
        'hemtjanst',
      );
      const audit: AuditRecord[] = [];
      let created = 0;
      for (const { threadId, warning, unitIds } of found) {
        const thread = facts.find((f) => f.id === threadId)!;
        const concerned = unitIds ?? thread.unitIds;
        const [row]: { id: string }[] = await manager.query(
          `INSERT INTO deadline_warning (thread_id, warning_key, kind, level, due_at, unit_ids, text, message_seq)
           VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7, 0) ON CONFLICT ON CONSTRAINT deadline_warning_once DO NOTHING RETURNING id`,
          [threadId, warning.key, warning.kind, warning.level, warning.dueAt, concerned, warning.text],
        );
        if (!row) continue;
        // One alert per thread and kind, outside the conversation: a new warning raises it again
        // (unmarked); the units it concerns gather (an unread notice at one unit, then another).
        const [alert]: { id: string }[] = await manager.query(
          `INSERT INTO thread_alert (thread_id, kind, level, due_at, text, unit_ids, warning_id, raised_at, state)
           VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7, $8, 'ny')
           ON CONFLICT ON CONSTRAINT thread_alert_once DO UPDATE SET level = EXCLUDED.level, due_at = EXCLUDED.due_at, text = EXCLUDED.text,
                  unit_ids = ARRAY(SELECT DISTINCT unnest(thread_alert.unit_ids || EXCLUDED.unit_ids)), warning_id = EXCLUDED.warning_id,
                  raised_at = EXCLUDED.raised_at, state = 'ny', seen_by_user_id = NULL, seen_at = NULL, handled_by_user_id = NULL, handled_at = NULL
           RETURNING id`,
          [threadId, warning.kind, warning.level, warning.dueAt, warning.text, concerned, row.id, now],
        );
        audit.push({
          actor: null,
          action: 'bevakning.create',
          outcome: 'allowed',
          unitId: thread.ownerUnitId,
          patientId: thread.patientId,
          threadId,
          details: { kind: warning.kind, level: warning.level },
        });
        published.push({
          type: 'deadline.warning',
          threadId,
          participantUnitIds: concerned,
          data: {
            warningId: row.id,
            alertId: alert.id,
            kind: warning.kind,
            level: warning.level,
            dueAt: warning.dueAt.toISOString(),
            text: warning.text,
          },
        });
        created += 1;
      }
      await this.audit.record(manager, audit);
      return { skipped: false, created };
    });
    for (const event of published) this.events.publish(event);
    return result;
  }

  /** What calls for a warning now: every active thread's clock, and structured messages left unread. */
  private async find(manager: EntityManager, now: Date): Promise<{ threadId: string; warning: WarningCandidate; unitIds?: string[] }[]> {
    const rules = this.clocks.rules;
    const rows = await clockRowsOfStatus(manager, ACTIVE);
    const found: { threadId: string; warning: WarningCandidate; unitIds?: string[] }[] = rows.flatMap((row) =>
      deadlineWarnings(this.clocks.derive(row, now), rules, now).map((warning) => ({ threadId: row.id, warning })),
    );
    const hours = rules.bevakning.olastEfterTimmar;
    const unread = await unreadMessages(manager, {
      kinds: Object.keys(WATCHED_KINDS),
      statuses: ACTIVE,
      since: new Date(now.getTime() - 14 * 24 * 3_600_000),
      until: new Date(now.getTime() - hours * 3_600_000),
    });
    // Each message and unit is warned of once (the warning's key): those already warned are left out.
    const warned: { key: string }[] = unread.length
      ? await manager.query(
          `SELECT thread_id || ':' || warning_key AS key FROM deadline_warning WHERE thread_id = ANY($1::uuid[]) AND starts_with(warning_key, 'olast:')`,
          [[...new Set(unread.map((u) => u.threadId))]],
        )
      : [];
    const done = new Set(warned.map((w) => w.key));
    for (const u of unread) {
      if (done.has(`${u.threadId}:olast:${u.seq}:${u.unitId}`)) continue;
      found.push({
        threadId: u.threadId,
        warning: unreadWarning(u.seq, WATCHED_KINDS[u.kind], u.unitId, u.unitName, u.createdAt, hours),
        unitIds: [u.unitId, u.authorUnitId],
      });
    }
    return found;
  }
}
