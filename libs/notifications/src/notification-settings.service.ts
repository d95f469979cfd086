import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, invalid, type Actor, type AppConfig } from '@brygga/common';
import { CacheInvalidation } from '@brygga/database';
import { EmailSender } from './email-sender';
import type { NotificationSettingsDto, UpdateNotificationSettingsDto } from './notifications.dto';
import { PushSubscriptionsService } from './push-subscriptions.service';

interface SettingRow {
  on_message: boolean;
  on_deadline: boolean;
  on_hemgangsklar: boolean;
  email_enabled: boolean;
  email_address: string | null;
}

/** The defaults: every event by push (the point of installing the app), e-mail only when asked for. */
const DEFAULTS: SettingRow = { on_message: true, on_deadline: true, on_hemgangsklar: true, email_enabled: false, email_address: null };

/** A person's choice of which events notify them, and of the e-mail nudge. Not patient data. */
@Injectable()
export class NotificationSettingsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly email: EmailSender,
    private readonly subscriptions: PushSubscriptionsService,
    private readonly invalidation: CacheInvalidation,
  ) {}

  async get(actor: Actor): Promise<NotificationSettingsDto> {
    const [row]: SettingRow[] = await this.dataSource.query(
      'SELECT on_message, on_deadline, on_hemgangsklar, email_enabled, email_address FROM notification_setting WHERE user_id = $1',
      [actor.userId],
    );
    return this.dto(row ?? DEFAULTS, await this.subscriptions.count(actor.userId));
  }

  async update(actor: Actor, dto: UpdateNotificationSettingsDto): Promise<NotificationSettingsDto> {
    if (dto.emailEnabled && !this.email.available) {
      throw invalid('emailEnabled', 'e-post kan inte slås på: den här installationen skickar ingen e-post');
    }
    const address = dto.emailAddress?.trim() || null;
    await this.dataSource.query(
      `INSERT INTO notification_setting (user_id, on_message, on_deadline, on_hemgangsklar, email_enabled, email_address)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_id) DO UPDATE SET on_message = EXCLUDED.on_message, on_deadline = EXCLUDED.on_deadline,
         on_hemgangsklar = EXCLUDED.on_hemgangsklar, email_enabled = EXCLUDED.email_enabled,
         email_address = EXCLUDED.email_address, updated_at = now()`,
      [actor.userId, dto.message, dto.deadline, dto.hemgangsklar, dto.emailEnabled, address],
    );
    // This node's next notice must follow the choice at once (the trigger's NOTIFY comes a moment later).
    this.invalidation.invalidate({ userId: actor.userId });
    return this.get(actor);
  }

  private dto(row: SettingRow, devices: number): NotificationSettingsDto {
    return {
      message: row.on_message,
      deadline: row.on_deadline,
      hemgangsklar: row.on_hemgangsklar,
      emailEnabled: row.email_enabled,
      emailAddress: row.email_address,
      emailAvailable: this.email.available,
      emailIntervalMinutes: this.config.notifications.emailIntervalMinutes,
      devices,
    };
  }
}
