import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { APP_CONFIG, DomainEvents, logBackgroundError, type AppConfig, type ThreadEvent } from '@brygga/common';
import { CacheInvalidation } from '@brygga/database';
import { EmailSender } from './email-sender';
import { noticeFor, noticePayload, type Notice, type NoticeKind } from './notice';
import { PushSender } from './push-sender';
import { PushSubscriptionsService } from './push-subscriptions.service';
import { CACHED_TTL_MS, CACHED_UNITS, ReachableUnits, type Reachable } from './reachable';
import { NOTIFIED_ROLES } from './recipients';

/** The setting column of each event (fixed names: never built from input). */
const SETTING: Record<NoticeKind, string> = { message: 'on_message', deadline: 'on_deadline', hemgangsklar: 'on_hemgangsklar' };

interface Recipient {
  user_id: string;
  unit_name: string;
  email: boolean;
}

interface ReachableRow {
  unit_id: string;
  user_id: string;
  on_message: boolean;
  on_deadline: boolean;
  on_hemgangsklar: boolean;
}

interface Device {
  id: string;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

/**
 * Tells people who are not at a desk that something happened to their units' threads: a Web Push
 * to each of their devices, and an e-mail nudge to those who asked for one. Runs on the node where
 * the event was committed (each event is published on one node only), after the commit, off the
 * request's path; one event at a time, in order. Recipients are read when the event is handled, so
 * a person whose access ended meanwhile is not told; units known to have nobody who could be told
 * are skipped without a statement (reachable.ts).
 */
@Injectable()
export class Notifier implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Notifier');
  private subscription?: Subscription;
  private queue: Promise<void> = Promise.resolve();
  private readonly reachable: ReachableUnits;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: DomainEvents,
    private readonly push: PushSender,
    private readonly email: EmailSender,
    private readonly devices: PushSubscriptionsService,
    invalidation: CacheInvalidation,
  ) {
    // AUTH_CACHE_SECONDS=0 turns every cache off, this one too.
    const ttl = config.authCacheSeconds > 0 ? CACHED_TTL_MS : 0;
    this.reachable = new ReachableUnits(invalidation.cache('userId', ttl, CACHED_UNITS), (unitIds) => this.reachableIn(unitIds));
  }

  onModuleInit(): void {
    this.subscription = this.events.events$.subscribe((event) => this.enqueue(event));
  }

  async onModuleDestroy(): Promise<void> {
    this.subscription?.unsubscribe();
    // What was committed before the stop is still told (each send has its own timeout).
    await this.queue;
  }

  private enqueue(event: ThreadEvent): void {
    const notice = noticeFor(event);
    if (!notice) return;
    this.queue = this.queue
      .then(() => this.tell(notice))
      .catch((error: unknown) => logBackgroundError(this.logger, 'A notice could not be sent', error));
  }

  private async tell(notice: Notice): Promise<void> {
    // Most units have nobody with a device or the e-mail nudge: known from the cache, no statement.
    if (!(await this.reachable.anyone(notice))) return;
    // Who in the units concerned reads threads (the directory's read faces), and of them who wants
    // this notice and can get it: one statement, as every post runs it.
    const recipients: Recipient[] = await this.dataSource.query(
      `SELECT x.user_id, x.unit_name, COALESCE(ns.email_enabled, false) AS email
         FROM (SELECT DISTINCT ON (m.user_id) m.user_id, u.name AS unit_name
                 FROM directory_membership m JOIN directory_unit u ON u.id = m.unit_id
                WHERE m.unit_id = ANY($1::uuid[]) AND m.role = ANY($2::text[]) AND m.user_id IS DISTINCT FROM $3::uuid
                ORDER BY m.user_id, u.name) x
         LEFT JOIN notification_setting ns ON ns.user_id = x.user_id
        WHERE COALESCE(ns.${SETTING[notice.kind]}, true)
          AND (COALESCE(ns.email_enabled, false) OR EXISTS (SELECT 1 FROM push_subscription s WHERE s.user_id = x.user_id))
        ORDER BY x.user_id`,
      [notice.unitIds, NOTIFIED_ROLES, notice.exceptUserId ?? null],
    );
    if (!recipients.length) return;
    const byUser = new Map(recipients.map((r) => [r.user_id, r]));
    const devices: Device[] = await this.dataSource.query(
      'SELECT id, user_id, endpoint, p256dh, auth FROM push_subscription WHERE user_id = ANY($1) ORDER BY created_at',
      [[...byUser.keys()]],
    );
    await Promise.all([
      ...devices.map((d) => this.pushTo(d, noticePayload(notice.kind, notice.threadId, byUser.get(d.user_id)!.unit_name))),
      ...recipients
        .filter((r) => r.email && this.email.available)
        .map((r) => this.emailTo(r.user_id, noticePayload(notice.kind, notice.threadId, r.unit_name))),
    ]);
  }

  /** Per unit, who has a notified role there and a device or the e-mail nudge, with their choice of events (reachable.ts). */
  private async reachableIn(unitIds: string[]): Promise<Map<string, Reachable[]>> {
    const rows: ReachableRow[] = await this.dataSource.query(
      `SELECT m.unit_id, m.user_id, COALESCE(ns.on_message, true) AS on_message, COALESCE(ns.on_deadline, true) AS on_deadline,
              COALESCE(ns.on_hemgangsklar, true) AS on_hemgangsklar
         FROM directory_membership m LEFT JOIN notification_setting ns ON ns.user_id = m.user_id
        WHERE m.unit_id = ANY($1::uuid[]) AND m.role = ANY($2::text[])
          AND (COALESCE(ns.email_enabled, false) OR EXISTS (SELECT 1 FROM push_subscription s WHERE s.user_id = m.user_id))`,
      [unitIds, NOTIFIED_ROLES],
    );
    const units = new Map<string, Reachable[]>();
    for (const r of rows) {
      const people = units.get(r.unit_id) ?? [];
      people.push({ userId: r.user_id, kinds: { message: r.on_message, deadline: r.on_deadline, hemgangsklar: r.on_hemgangsklar } });
      units.set(r.unit_id, people);
    }
    return units;
  }

  private async pushTo(device: Device, payload: ReturnType<typeof noticePayload>): Promise<void> {
    const { outcome, status } = await this.push.send(device, payload);
    if (outcome === 'gone') await this.devices.gone(device.id);
    // The status only: the endpoint is a capability of its own and stays out of the log.
    else if (outcome === 'failed') this.logger.warn(`A push could not be delivered (push service answered ${status ?? 'nothing'})`);
  }

  /** At most one e-mail per person in EMAIL_INTERVAL_MINUTES, claimed in one statement (every node shares it). */
  private async emailTo(userId: string, payload: ReturnType<typeof noticePayload>): Promise<void> {
    const [claimed]: [{ email_address: string }[], number] = await this.dataSource.query(
      `UPDATE notification_setting SET email_last_sent_at = now()
        WHERE user_id = $1 AND email_enabled AND email_address IS NOT NULL
          AND (email_last_sent_at IS NULL OR email_last_sent_at <= now() - make_interval(mins => $2))
        RETURNING email_address`,
      [userId, this.config.notifications.emailIntervalMinutes],
    );
    if (!claimed.length) return;
    try {
      await this.email.send(claimed[0].email_address, payload);
    } catch (error) {
      // Not sent: give the claim back so the next notice may try again.
      await this.dataSource.query('UPDATE notification_setting SET email_last_sent_at = NULL WHERE user_id = $1', [userId]);
      this.logger.warn(`An e-mail nudge could not be sent: ${(error as { code?: string }).code ?? 'error'}`);
    }
  }
}
