import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { SessionService } from '@brygga/auth';
import { APP_CONFIG, DomainEvents, invalid, logBackgroundError, type Actor, type AppConfig } from '@brygga/common';
import { CacheInvalidation, inTransaction } from '@brygga/database';
import { usersInRoles } from '@brygga/directory';
import type { PushSubscriptionDto, SubscribeDto } from './notifications.dto';
import { authProblem, endpointProblem, p256dhProblem } from './push-endpoint';
import { NOTIFIED_ROLES } from './recipients';

/**
 * The devices that receive Web Push. One row per device (the endpoint); subscribing again (a new
 * login on the same phone, a retried request) updates that row, never adds one. Ends at logout of
 * the session that subscribed, when the person no longer has a role that is notified, and when
 * the push service says the device is gone.
 */
@Injectable()
export class PushSubscriptionsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('PushSubscriptions');
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: DomainEvents,
    private readonly sessions: SessionService,
    private readonly invalidation: CacheInvalidation,
  ) {}

  onModuleInit(): void {
    this.subscriptions.push(
      // Logout (here or "överallt"): the devices of those sessions stop hearing about threads.
      this.sessions.ended$.subscribe((sid) => {
        this.dataSource
          .query('DELETE FROM push_subscription WHERE session_id = $1', [sid])
          .catch((error: unknown) => logBackgroundError(this.logger, 'Ending push subscriptions at logout failed', error));
      }),
      // A membership removed (or a unit gone): whoever is left without a notified role loses their devices.
      this.events.accessChanges$.subscribe((change) => {
        if (!change.userIds?.length && !change.unitIds?.length) return;
        this.endWithoutAccess().catch((error: unknown) => logBackgroundError(this.logger, 'Ending push subscriptions failed', error));
      }),
    );
  }

  onModuleDestroy(): void {
    for (const s of this.subscriptions) s.unsubscribe();
  }

  async subscribe(actor: Actor, sessionId: string, dto: SubscribeDto): Promise<PushSubscriptionDto> {
    const problem = endpointProblem(dto.endpoint, this.config.notifications.pushHosts);
    if (problem) throw invalid('endpoint', problem);
    const keyProblem = p256dhProblem(dto.keys.p256dh);
    if (keyProblem) throw invalid('keys.p256dh', keyProblem);
    const authSecretProblem = authProblem(dto.keys.auth);
    if (authSecretProblem) throw invalid('keys.auth', authSecretProblem);
    const [row]: { id: string; created_at: Date }[] = await this.dataSource.query(
      `INSERT INTO push_subscription (user_id, session_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (endpoint) DO UPDATE SET user_id = EXCLUDED.user_id, session_id = EXCLUDED.session_id,
         p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth, updated_at = now()
       RETURNING id, created_at`,
      [actor.userId, sessionId, dto.endpoint, dto.keys.p256dh, dto.keys.auth],
    );
    // This node's next notice must know of the device at once (the trigger's NOTIFY comes a moment later).
    this.invalidation.invalidate({ userId: actor.userId });
    return { id: row.id, createdAt: row.created_at.toISOString() };
  }

  /** Ends this device's subscription, if it is the caller's. */
  async unsubscribe(actor: Actor, endpoint: string): Promise<boolean> {
    const [, count]: [unknown[], number] = await this.dataSource.query(
      'DELETE FROM push_subscription WHERE user_id = $1 AND endpoint = $2',
      [actor.userId, endpoint],
    );
    return count > 0;
  }

  async count(userId: string): Promise<number> {
    const [row]: { n: number }[] = await this.dataSource.query('SELECT count(*)::int AS n FROM push_subscription WHERE user_id = $1', [
      userId,
    ]);
    return row.n;
  }

  /** The push service no longer knows the device (404, 410). */
  async gone(id: string): Promise<void> {
    await this.dataSource.query('DELETE FROM push_subscription WHERE id = $1', [id]);
  }

  private async endWithoutAccess(): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const subscribed: { user_id: string }[] = await manager.query('SELECT DISTINCT user_id FROM push_subscription');
      const notified = await usersInRoles(
        manager,
        subscribed.map((r) => r.user_id),
        NOTIFIED_ROLES,
      );
      const without = subscribed.map((r) => r.user_id).filter((id) => !notified.has(id));
      if (without.length) await manager.query('DELETE FROM push_subscription WHERE user_id = ANY($1::uuid[])', [without]);
    });
  }
}
