import { ApiProperty } from '@nestjs/swagger';
import { ATTACHMENT_STATES } from '@brygga/contracts';
import type { EntityManager } from 'typeorm';
import type { MessageAttachment, MessageViewPart } from '@brygga/threads';
import type { Attachment, AttachmentState } from './attachment.entities';

/** An uploaded file; pending (messageId null) until a message names it in `attachmentIds`. */
export class AttachmentDto {
  id: string;
  messageId: string | null;
  name: string;
  /** Decided from the content, not from the name or the client's claim. */
  contentType: string;
  size: number;
  sha256: string;
  /** not_scanned: no scanner configured; scan_pending: väntar på viruskontroll (not downloadable yet). */
  @ApiProperty({ enum: ATTACHMENT_STATES }) state: AttachmentState;
  /** Images and PDFs without scripts; the rest is download only. */
  previewable: boolean;
}

/** The answer to an upload: the files, in the order they were sent. */
export class UploadedAttachmentsDto {
  attachments: AttachmentDto[];
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

/**
 * The message view's part this library owns (registered with ThreadDerivations.registerMessagePart):
 * each message's files, in the order they were uploaded. Messages without files are absent.
 */
export async function messageAttachments(manager: EntityManager, messageIds: readonly string[]): Promise<Map<string, MessageViewPart>> {
  const rows: { message_id: string; attachments: MessageAttachment[] }[] = await manager.query(
    `SELECT a.message_id,
            json_agg(json_build_object('id', a.id, 'name', a.name, 'contentType', a.content_type, 'size', a.size_bytes,
                     'sha256', a.sha256, 'state', a.state, 'previewable', a.previewable) ORDER BY a.created_at, a.id) AS attachments
       FROM attachment a WHERE a.message_id = ANY($1::uuid[]) GROUP BY a.message_id`,
    [messageIds],
  );
  return new Map(rows.map((r) => [r.message_id, { attachments: r.attachments }]));
}
