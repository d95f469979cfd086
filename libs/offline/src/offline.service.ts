import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, checkObservedAt, DomainError, type Actor } from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { ThreadAccessService, threadRecord } from '@brygga/threads';
import type { OfflineReadDto, OfflineReadResultDto } from './offline.dto';

const LOST_ACCESS = 'Du har inte längre tillgång till ärendet. Den sparade kopian på telefonen tas bort.';

/**
 * Reads made on a phone without coverage (docs/offline.md), reported at the next sync so the access
 * log stays whole: each is checked as a read now would be (a thread the user lost access to is
 * refused, and the refusal is logged), recorded once per key, and logged with its observed time.
 */
@Injectable()
export class OfflineService {
  constructor(
    private readonly access: ThreadAccessService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get shiftHours(): number {
    return this.config.offlineShiftHours;
  }

  /** One result per read, in order; one read's refusal never loses the others. */
  async recordReads(actor: Actor, reads: OfflineReadDto[]): Promise<OfflineReadResultDto[]> {
    const results: OfflineReadResultDto[] = [];
    for (const read of reads) results.push(await this.recordRead(actor, read, new Date()));
    return results;
  }

  private async recordRead(actor: Actor, read: OfflineReadDto, receivedAt: Date): Promise<OfflineReadResultDto> {
    const base = { readKey: read.readKey, threadId: read.threadId };
    let observedAt: Date;
    try {
      observedAt = checkObservedAt(read.observedAt, receivedAt, this.shiftHours)!;
    } catch (error) {
      if (error instanceof DomainError) return { ...base, outcome: 'ogiltig', message: error.fields[0]?.message ?? error.message };
      throw error;
    }
    try {
      return await this.access.withThread(actor, read.threadId, 'thread.offline_read', {}, async (manager, access) => {
        const inserted: unknown[] = await manager.query(
          `INSERT INTO offline_read (user_id, read_key, thread_id, observed_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (user_id, read_key) DO NOTHING RETURNING read_key`,
          [actor.userId, read.readKey, read.threadId, observedAt],
        );
        if (!inserted.length) return { ...base, outcome: 'redan_registrerad' as const };
        await this.audit.record(manager, [
          threadRecord(actor, access, 'thread.offline_read', { details: { observedAt: observedAt.toISOString(), offline: true } }),
        ]);
        return { ...base, outcome: 'registrerad' as const };
      });
    } catch (error) {
      // Not found (never visible, or access lost): withThread has logged the refusal.
      if (error instanceof DomainError && (error.code === 'not_found' || error.code === 'forbidden')) {
        return { ...base, outcome: 'nekad', message: LOST_ACCESS };
      }
      throw error;
    }
  }
}
