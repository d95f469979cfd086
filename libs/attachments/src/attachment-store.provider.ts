import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@brygga/common';
import { PostgresStore, S3Store, type AttachmentStore } from './attachment-store';

export const ATTACHMENT_STORE = Symbol('ATTACHMENT_STORE');

/** S3-compatible storage when ATTACHMENT_S3_BUCKET is set; PostgreSQL otherwise. */
export const attachmentStoreProvider: Provider = {
  provide: ATTACHMENT_STORE,
  inject: [APP_CONFIG, DataSource],
  useFactory: (config: AppConfig, dataSource: DataSource): AttachmentStore =>
    config.attachments.s3 ? new S3Store(config.attachments.s3) : new PostgresStore(dataSource),
};
