import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import webpush from 'web-push';
import { APP_CONFIG, type AppConfig } from '@brygga/common';

export interface VapidKeyPair {
  publicKey: string;
  privateKey: string;
}

/**
 * The server's VAPID key pair: from VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY, or made once and kept in
 * the database, so every node signs with the same key and subscriptions survive restarts.
 */
@Injectable()
export class VapidKeys {
  private loaded?: Promise<VapidKeyPair>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get(): Promise<VapidKeyPair> {
    this.loaded ??= this.load().catch((error: unknown) => {
      this.loaded = undefined;
      throw error;
    });
    return this.loaded;
  }

  private async load(): Promise<VapidKeyPair> {
    const { vapidPublicKey, vapidPrivateKey } = this.config.notifications;
    if (vapidPublicKey && vapidPrivateKey) return { publicKey: vapidPublicKey, privateKey: vapidPrivateKey };
    // Two nodes starting at once: the first insert wins, both read the winner.
    const fresh = webpush.generateVAPIDKeys();
    await this.dataSource.query('INSERT INTO push_vapid_key (id, public_key, private_key) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING', [
      fresh.publicKey,
      fresh.privateKey,
    ]);
    const [row]: { public_key: string; private_key: string }[] = await this.dataSource.query(
      'SELECT public_key, private_key FROM push_vapid_key WHERE id = 1',
    );
    return { publicKey: row.public_key, privateKey: row.private_key };
  }
}
