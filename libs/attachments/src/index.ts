export * from './attachment.entities';
export * from './attachment.mapper';
export * from './attachment-name';
export * from './attachments.service';
export * from './attachments.module';
export * from './scan-backlog';
