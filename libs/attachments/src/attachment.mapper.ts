import type { Attachment, AttachmentState } from './attachment.entities';

export interface AttachmentDto {
  id: string;
  messageId: string | null;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  state: AttachmentState;
  previewable: boolean;
}

export function mapAttachment(a: Attachment): AttachmentDto {
  return {
    id: a.id,
    messageId: a.messageId,
    name: a.name,
    contentType: a.contentType,
    size: a.sizeBytes,
    sha256: a.sha256,
    state: a.state,
    previewable: a.previewable,
  };
}
