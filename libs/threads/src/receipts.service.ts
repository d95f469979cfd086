import { Injectable } from '@nestjs/common';
import { DomainEvents, notFound, type Actor } from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { ThreadAccessService, UUID, threadRecord } from './thread-access.service';

import { MyReceiptsDto, ReceiptsDto } from './receipts.dto';

export { ReceiptsDto } from './receipts.dto';

@Injectable()
export class ReceiptsService {
  constructor(
    private readonly access: ThreadAccessService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /** Records a receipt for every message up to upToSeq that the reader has not read (own messages excluded). */
  async markRead(actor: Actor, threadId: string, upToSeq: number): Promise<{ upToSeq: number; recorded: number }> {
    const result = await this.access.withThread(actor, threadId, 'receipt.create', {}, async (manager, access) => {
      const unitId = access.actingUnitIds[0];
      const inserted: unknown[] = await manager.query(
        `INSERT INTO read_receipt (message_id, user_id, unit_id, read_at)
         SELECT m.id, $2, $3, now() FROM message m
          WHERE m.thread_id = $1 AND m.seq <= $4 AND m.author_user_id <> $2
         ON CONFLICT DO NOTHING RETURNING message_id`,
        [threadId, actor.userId, unitId, upToSeq],
      );
      const upTo = Math.min(upToSeq, access.thread.lastSeq);
      await this.audit.record(manager, [
        threadRecord(actor, access, 'receipt.create', { unitId, details: { upToSeq: upTo, recorded: inserted.length } }),
      ]);
      return { upToSeq: upTo, recorded: inserted.length, unitId };
    });
    if (result.recorded > 0) {
      this.events.publish({
        type: 'receipts.recorded',
        threadId,
        data: {
          threadId,
          userId: actor.userId,
          name: actor.displayName,
          unitId: result.unitId,
          upToSeq: result.upToSeq,
          readAt: new Date().toISOString(),
        },
      });
    }
    return { upToSeq: result.upToSeq, recorded: result.recorded };
  }

  /** Every read receipt of the caller's own messages in the thread, in one query and one access-log row. */
  async forMyMessages(actor: Actor, threadId: string): Promise<MyReceiptsDto> {
    return this.access.withThread(actor, threadId, 'receipt.list', {}, async (manager, access) => {
      const rows: { message_id: string; user_id: string; name: string; unit_id: string; unit_name: string; read_at: Date }[] =
        await manager.query(
          `SELECT m.id AS message_id, r.user_id, au.given_name || ' ' || au.family_name AS name, r.unit_id, un.name AS unit_name, r.read_at
           FROM message m
           JOIN read_receipt r ON r.message_id = m.id
           JOIN directory_person au ON au.id = r.user_id
           JOIN directory_unit un ON un.id = r.unit_id
          WHERE m.thread_id = $1 AND m.author_user_id = $2
          ORDER BY m.seq, r.read_at, name`,
          [threadId, actor.userId],
        );
      const byMessage = new Map<string, typeof rows>();
      for (const r of rows) byMessage.set(r.message_id, [...(byMessage.get(r.message_id) ?? []), r]);
      await this.audit.record(manager, [threadRecord(actor, access, 'receipt.list', { details: { messages: byMessage.size } })]);
      return { receipts: [...byMessage.entries()].map(([messageId, readers]) => receiptsOf(messageId, readers)) };
    });
  }

  async forMessage(actor: Actor, threadId: string, messageId: string): Promise<ReceiptsDto> {
    return this.access.withThread(actor, threadId, 'receipt.list', {}, async (manager, access) => {
      const [message]: { id: string }[] = UUID.test(messageId)
        ? await manager.query('SELECT id FROM message WHERE id = $1 AND thread_id = $2', [messageId, threadId])
        : [];
      if (!message) throw notFound('Meddelandet');
      const rows: { user_id: string; name: string; unit_id: string; unit_name: string; read_at: Date }[] = await manager.query(
        `SELECT r.user_id, au.given_name || ' ' || au.family_name AS name, r.unit_id, un.name AS unit_name, r.read_at
           FROM read_receipt r JOIN directory_person au ON au.id = r.user_id JOIN directory_unit un ON un.id = r.unit_id
          WHERE r.message_id = $1 ORDER BY r.read_at, name`,
        [messageId],
      );
      await this.audit.record(manager, [threadRecord(actor, access, 'receipt.list')]);
      return receiptsOf(messageId, rows);
    });
  }
}

/** One message's readers, and per unit how many and since when. */
function receiptsOf(
  messageId: string,
  rows: { user_id: string; name: string; unit_id: string; unit_name: string; read_at: Date }[],
): ReceiptsDto {
  const units = new Map<string, ReceiptsDto['units'][number]>();
  for (const r of rows) {
    const unit = units.get(r.unit_id) ?? { unitId: r.unit_id, unitName: r.unit_name, readers: 0, firstReadAt: r.read_at.toISOString() };
    unit.readers += 1;
    units.set(r.unit_id, unit);
  }
  return {
    messageId,
    readers: rows.map((r) => ({
      userId: r.user_id,
      name: r.name,
      unitId: r.unit_id,
      unitName: r.unit_name,
      readAt: r.read_at.toISOString(),
    })),
    units: [...units.values()],
  };
}
