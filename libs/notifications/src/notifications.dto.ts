import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsEmail, IsOptional, IsString, MaxLength, ValidateIf, ValidateNested } from 'class-validator';

/** The keys of a browser's PushSubscription (PushSubscription.toJSON().keys). */
export class PushKeysDto {
  /** The browser's P-256 public key, base64url (65 bytes). */
  @IsString({ message: 'måste vara en text (base64url)' }) @MaxLength(100, { message: 'är för lång för en P-256-nyckel' }) p256dh: string;
  /** The browser's auth secret, base64url (16 bytes). */
  @IsString({ message: 'måste vara en text (base64url)' })
  @MaxLength(32, { message: 'är för lång för en autentiseringshemlighet' })
  auth: string;
}

/** What PushSubscription.toJSON() gives: one device. */
export class SubscribeDto {
  /** The push service's https address for this device. */
  @IsString({ message: 'måste vara en webbadress (https://…)' })
  @MaxLength(1024, { message: 'är för lång (högst 1024 tecken)' })
  endpoint: string;
  /** Ignored: the push service decides when a subscription ends. */
  @IsOptional() expirationTime?: number | null;
  @IsDefined({ message: 'saknas' }) @ValidateNested() @Type(() => PushKeysDto) keys: PushKeysDto;
}

export class UnsubscribeDto {
  @IsString({ message: 'måste vara en webbadress (https://…)' })
  @MaxLength(1024, { message: 'är för lång (högst 1024 tecken)' })
  endpoint: string;
}

/** Which events notify me, and whether an e-mail nudge goes to my address too. */
export class UpdateNotificationSettingsDto {
  /** A new message to one of my units. */
  @IsBoolean({ message: 'måste vara true eller false' }) message: boolean;
  /** A deadline warning (Bevakning) for one of my units. */
  @IsBoolean({ message: 'måste vara true eller false' }) deadline: boolean;
  /** A thread of my units becomes, or stops being, hemgångsklar. */
  @IsBoolean({ message: 'måste vara true eller false' }) hemgangsklar: boolean;
  @IsBoolean({ message: 'måste vara true eller false' }) emailEnabled: boolean;
  /** Required when emailEnabled; null to forget it. */
  @ValidateIf((o: UpdateNotificationSettingsDto) => o.emailEnabled || (o.emailAddress !== null && o.emailAddress !== undefined))
  @IsString({ message: 'måste vara en e-postadress (t.ex. namn@region.se)' })
  @MaxLength(254, { message: 'är för lång för en e-postadress' })
  @IsEmail({}, { message: 'måste vara en e-postadress (t.ex. namn@region.se)' })
  emailAddress?: string | null;
}

// Response classes: the @nestjs/swagger CLI plugin describes them in openapi.json.

export class PublicKeyDto {
  /** The server's VAPID public key (base64url): PushManager.subscribe's applicationServerKey. */
  publicKey: string;
}

export class PushSubscriptionDto {
  id: string;
  createdAt: string;
}

export class UnsubscribedDto {
  /** false: this device had no subscription of yours (already ended). */
  removed: boolean;
}

export class NotificationSettingsDto {
  message: boolean;
  deadline: boolean;
  hemgangsklar: boolean;
  emailEnabled: boolean;
  emailAddress: string | null;
  /** Whether this installation sends e-mail at all (SMTP_URL set). */
  emailAvailable: boolean;
  /** At most one e-mail in this many minutes. */
  emailIntervalMinutes: number;
  /** Devices of mine that receive push. */
  devices: number;
}
