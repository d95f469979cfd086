import { Body, Controller, Delete, Get, HttpCode, Post, Put, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { Authenticated, CurrentActor, type Actor } from '@brygga/common';
import { NotificationSettingsService } from './notification-settings.service';
import {
  NotificationSettingsDto,
  PublicKeyDto,
  PushSubscriptionDto,
  SubscribeDto,
  UnsubscribeDto,
  UnsubscribedDto,
  UpdateNotificationSettingsDto,
} from './notifications.dto';
import { PushSubscriptionsService } from './push-subscriptions.service';
import { VapidKeys } from './vapid-keys';

/** Web Push devices (docs/notifications.md). None of this is patient data, so none of it is in the access log. */
@Controller('api/push')
export class PushController {
  constructor(
    private readonly vapid: VapidKeys,
    private readonly subscriptions: PushSubscriptionsService,
  ) {}

  /** The applicationServerKey for PushManager.subscribe. */
  @Get('public-key')
  @ApiOkResponse({ type: PublicKeyDto })
  @Authenticated({ capability: 'push.subscribe' })
  async publicKey(): Promise<PublicKeyDto> {
    return { publicKey: (await this.vapid.get()).publicKey };
  }

  /** This device receives notices until logout (of this session), the end of my access, or the push service drops it. */
  @Post('subscriptions')
  @ApiCreatedResponse({ type: PushSubscriptionDto })
  @Authenticated({ capability: 'push.subscribe' })
  subscribe(@CurrentActor() actor: Actor, @Req() req: Request, @Body() dto: SubscribeDto): Promise<PushSubscriptionDto> {
    return this.subscriptions.subscribe(actor, req.sessionID, dto);
  }

  @Delete('subscriptions')
  @HttpCode(200)
  @ApiOkResponse({ type: UnsubscribedDto })
  @Authenticated({ capability: 'push.subscribe' })
  async unsubscribe(@CurrentActor() actor: Actor, @Body() dto: UnsubscribeDto): Promise<UnsubscribedDto> {
    return { removed: await this.subscriptions.unsubscribe(actor, dto.endpoint) };
  }
}

/** Which events notify me, by push and by e-mail. */
@Controller('api/notifications')
export class NotificationSettingsController {
  constructor(private readonly settings: NotificationSettingsService) {}

  @Get('settings')
  @ApiOkResponse({ type: NotificationSettingsDto })
  @Authenticated({ capability: 'push.subscribe' })
  get(@CurrentActor() actor: Actor): Promise<NotificationSettingsDto> {
    return this.settings.get(actor);
  }

  @Put('settings')
  @ApiOkResponse({ type: NotificationSettingsDto })
  @Authenticated({ capability: 'push.subscribe' })
  update(@CurrentActor() actor: Actor, @Body() dto: UpdateNotificationSettingsDto): Promise<NotificationSettingsDto> {
    return this.settings.update(actor, dto);
  }
}
