import { Inject, Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import webpush, { WebPushError } from 'web-push';
import { APP_CONFIG, type AppConfig } from '@brygga/common';
import type { NoticePayload } from './notice';
import { VapidKeys } from './vapid-keys';

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** sent; gone: the push service no longer knows the device (404/410), so the subscription ends; failed: try next time. */
export type PushOutcome = 'sent' | 'gone' | 'failed';

/** How long a notice waits at the push service for a device that is off. */
const TTL_SECONDS = 24 * 3600;

/** Sends one encrypted Web Push message (RFC 8030, aes128gcm, VAPID) through the device's push service. */
@Injectable()
export class PushSender {
  private readonly agent?: Agent;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly vapid: VapidKeys,
  ) {
    const caFile = config.notifications.pushCaFile;
    // An extra authority (an internal relay) is trusted beside the public ones, never instead of them.
    if (caFile) this.agent = new Agent({ ca: [...rootCertificates, readFileSync(caFile, 'utf8')], keepAlive: true });
  }

  async send(target: PushTarget, payload: NoticePayload): Promise<{ outcome: PushOutcome; status?: number }> {
    const keys = await this.vapid.get();
    try {
      const answer = await webpush.sendNotification(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        JSON.stringify(payload),
        {
          vapidDetails: { subject: this.config.notifications.vapidSubject, publicKey: keys.publicKey, privateKey: keys.privateKey },
          TTL: TTL_SECONDS,
          contentEncoding: 'aes128gcm',
          urgency: 'normal',
          // One notice per thread and kind: a newer one replaces an older one still waiting.
          topic: `${payload.kind}${payload.threadId.replace(/-/g, '')}`.slice(0, 32),
          timeout: 10_000,
          ...(this.agent ? { agent: this.agent } : {}),
        },
      );
      return { outcome: 'sent', status: answer.statusCode };
    } catch (error) {
      if (error instanceof WebPushError) {
        return { outcome: error.statusCode === 404 || error.statusCode === 410 ? 'gone' : 'failed', status: error.statusCode };
      }
      return { outcome: 'failed' };
    }
  }

  onModuleDestroy(): void {
    this.agent?.destroy();
  }
}
