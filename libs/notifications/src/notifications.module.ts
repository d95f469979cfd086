import { Module } from '@nestjs/common';
import { AuthModule } from '@brygga/auth';
import { EmailSender } from './email-sender';
import { NotificationSettingsService } from './notification-settings.service';
import { Notifier } from './notifier';
import { NotificationSettingsController, PushController } from './push.controller';
import { PushSender } from './push-sender';
import { PushSubscriptionsService } from './push-subscriptions.service';
import { VapidKeys } from './vapid-keys';

/** Web Push and e-mail nudges for people who are not at a desk (docs/notifications.md). */
@Module({
  imports: [AuthModule],
  controllers: [PushController, NotificationSettingsController],
  providers: [VapidKeys, PushSender, EmailSender, PushSubscriptionsService, NotificationSettingsService, Notifier],
  exports: [PushSubscriptionsService],
})
export class NotificationsModule {}
