import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { ADVISORY_LOCKS, APP_CONFIG, type AppConfig } from '@brygga/common';
import { AuditChainSealer } from './audit-chain.sealer';
import {
  appendCheckpoint,
  type Checkpoint,
  lastCheckpoint,
  readCheckpoints,
  signCheckpoint,
  type CheckpointFile,
  type CheckpointOwner,
} from './audit-checkpoint';
import { installationId } from '@brygga/database';
import { AUDIT_KEY, type AuditKey } from './audit-key';

/** Only one node writes a checkpoint at a time, so a file that nodes share stays in seq order. */
const CHECKPOINT_LOCK = ADVISORY_LOCKS.auditCheckpoint;

/**
 * Exports a signed checkpoint of the chain's head every AUDIT_CHECKPOINT_SECONDS (default 60)
 * when the chain has grown, and once more on shutdown after a last seal. Several nodes: each
 * writes the file its own AUDIT_CHECKPOINT_FILE names (its data folder, or a shared volume);
 * an advisory lock orders the writers, and a head already in the file is not written twice.
 */
@Injectable()
export class AuditCheckpointer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditCheckpoint');
  private readonly node = `${hostname()}:${process.pid}`;
  private timer?: NodeJS.Timeout;
  private running?: Promise<Checkpoint | undefined>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sealer: AuditChainSealer,
    @Inject(AUDIT_KEY) private readonly key: AuditKey,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.checkpoint(), this.config.audit.checkpointSeconds * 1000).unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    await this.checkpoint();
  }

  /** Seals what has committed and writes a checkpoint of the head, unless the file has it already. */
  checkpoint(): Promise<Checkpoint | undefined> {
    this.running ??= this.write()
      .catch((error: unknown) => {
        this.logger.error(`Checkpoint failed: ${String(error)}`);
        return undefined;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** This node's checkpoint file, parsed and checked against its key. */
  async checkpoints(): Promise<CheckpointFile> {
    return readCheckpoints(this.config.audit.checkpointFile, this.key, await this.owner());
  }

  /** Checkpoints are bound to the installation's id (kept across a restore), not the database's name. */
  private async owner(): Promise<CheckpointOwner> {
    const [{ db }]: { db: string }[] = await this.dataSource.query('SELECT current_database() AS db');
    return { installation: await installationId((sql, params) => this.dataSource.query(sql, params)), database: db };
  }

  private async write(): Promise<Checkpoint | undefined> {
    await this.sealer.seal(true);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [CHECKPOINT_LOCK]);
      try {
        const [head]: { seq: string; hash: Buffer; key_id: string | null }[] = await runner.query(
          'SELECT c.seq::text AS seq, c.hash, c.key_id FROM audit_chain c ORDER BY c.seq DESC LIMIT 1',
        );
        if (!head || head.key_id !== this.key.id) return undefined; // nothing sealed yet, or not by our key
        const file = this.config.audit.checkpointFile;
        if (lastCheckpoint(file)?.seq === head.seq) return undefined;
        const checkpoint = signCheckpoint(this.key, {
          inst: await installationId((sql, params) => runner.query(sql, params)),
          seq: head.seq,
          head: head.hash.toString('hex'),
          at: new Date().toISOString(),
          node: this.node,
        });
        appendCheckpoint(file, checkpoint);
        await this.notarise(checkpoint);
        return checkpoint;
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [CHECKPOINT_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  /** Optionally hands the checkpoint to an external notary too; the file stays the record. */
  private async notarise(checkpoint: Checkpoint): Promise<void> {
    const url = this.config.audit.notaryUrl;
    if (!url) return;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(checkpoint),
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) this.logger.warn(`Notary answered ${res.status} for checkpoint ${checkpoint.seq}`);
    } catch (error) {
      this.logger.warn(`Notary unreachable for checkpoint ${checkpoint.seq}: ${String(error)}`);
    }
  }
}
