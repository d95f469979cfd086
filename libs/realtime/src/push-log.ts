import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { logBackgroundError, unitsWith, type Actor } from '@brygga/common';
import type { AuditService, Covered } from '@brygga/audit';
import { inTransaction } from '@brygga/database';
import { patientsOf } from '@brygga/threads';
import { participantsOf } from './access-recheck';

const FLUSH_MS = 1000;

interface Pushed {
  actor: Actor;
  threadId: string;
  fromSeq: number;
  toSeq: number;
  count: number;
}

/**
 * Messages pushed live to a socket are reads of patient data (PDL): each node logs what its own
 * sockets received, per user and thread per second with the range of sequence numbers, all in
 * one access-log row per flush (AuditService.recordCovering: an entry per user and thread, each
 * found by the patient's extract and the reviewer's search like a row of its own).
 */
export class PushLog {
  private readonly logger = new Logger('PushLog');
  private pending = new Map<string, Pushed>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {
    this.timer = setInterval(() => void this.flush(), FLUSH_MS).unref();
  }

  add(actor: Actor, threadId: string, seq: number): void {
    const key = `${actor.userId}:${threadId}`;
    const p = this.pending.get(key);
    if (p) {
      p.fromSeq = Math.min(p.fromSeq, seq);
      p.toSeq = Math.max(p.toSeq, seq);
      p.count += 1;
      p.actor = actor;
    } else {
      this.pending.set(key, { actor, threadId, fromSeq: seq, toSeq: seq, count: 1 });
    }
  }

  async flush(): Promise<void> {
    if (!this.pending.size) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    try {
      const threadIds = [...new Set(batch.map((p) => p.threadId))];
      const patientOf = await patientsOf(this.dataSource.manager, threadIds);
      const participants = await participantsOf(this.dataSource, threadIds);
      const covers: Covered[] = batch.map((p) => ({
        actor: p.actor,
        unitId: unitsWith(p.actor, 'thread.read').find((u) => participants.get(p.threadId)?.includes(u)) ?? null,
        patientId: patientOf.get(p.threadId) ?? null,
        threadId: p.threadId,
        details: { fromSeq: p.fromSeq, toSeq: p.toSeq, count: p.count },
      }));
      await inTransaction(this.dataSource, (m) =>
        this.audit.recordCovering(m, { actor: null, action: 'message.push', outcome: 'allowed' }, covers),
      );
    } catch (error) {
      // Not lost silently: put back, to be written with the next flush.
      for (const p of batch) {
        const key = `${p.actor.userId}:${p.threadId}`;
        if (!this.pending.has(key)) this.pending.set(key, p);
      }
      logBackgroundError(this.logger, 'Could not write the push log yet', error);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
