import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { cutShortWait, databaseOutage, HealthRegistry, isDiskFull, storageFull } from '@brygga/common';
import { inTransaction } from './transaction';

const FIRST_PROBE_MS = 250;
const MAX_PROBE_MS = 5000;

/**
 * A statement that must write a file in the database's data folder without changing any data: a
 * sort too large for its work_mem spills to a temporary file (base/pgsql_tmp). It fails with
 * SQLSTATE 53100 while the disk is full and succeeds once there is room again.
 */
const WRITE_PROBE = 'SELECT count(*) FROM (SELECT g FROM generate_series(1, 100000) g ORDER BY g DESC OFFSET 0) spill';

/**
 * Ends an outage that requests and background work reported (`databaseOutage.report`): while
 * the database is unreachable it probes with backoff (250 ms doubling to 5 s), and the first
 * answer ends the outage (one log line). The pools need no help to come back: pg-pool drops
 * broken clients and opens new ones on the next checkout.
 */
@Injectable()
export class DatabaseMonitor implements OnModuleInit, OnApplicationShutdown {
  private probing?: NodeJS.Timeout;
  private probingStorage?: NodeJS.Timeout;
  private readonly unsubscribe: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.unsubscribe.push(
      databaseOutage.onDown(() => this.probe(FIRST_PROBE_MS)),
      storageFull.onFull(() => {
        this.health.set('storage', 'full');
        this.probeStorage(FIRST_PROBE_MS);
      }),
    );
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.unsubscribe.forEach((u) => u());
    clearTimeout(this.probing);
    clearTimeout(this.probingStorage);
  }

  /** Can the database write files again? (probed with backoff while the disk is full) */
  async writable(): Promise<boolean> {
    try {
      await inTransaction(this.dataSource, async (manager) => {
        await manager.query(`SET LOCAL work_mem = '64kB'`);
        await manager.query(WRITE_PROBE);
      });
      storageFull.recovered();
      this.health.set('storage', 'ok');
      return true;
    } catch (error) {
      // Only a full disk keeps it full; an outage or a busy pool is someone else's to report.
      return !isDiskFull(error) && !storageFull.full;
    }
  }

  private probeStorage(delayMs: number): void {
    if (this.probingStorage || this.stopped) return;
    this.probingStorage = setTimeout(() => {
      this.probingStorage = undefined;
      if (this.stopped || !storageFull.full || !this.dataSource.isInitialized) return;
      void this.writable().then((ok) => {
        if (!ok || storageFull.full) this.probeStorage(Math.min(delayMs * 2, MAX_PROBE_MS));
      });
    }, delayMs).unref();
  }

  /** Is the database answering right now? (the health check) */
  async reachable(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      databaseOutage.recovered();
      return true;
    } catch (error) {
      // A full pool is this node's business, not the database's: it answers (issue 30).
      if (cutShortWait(error)) return true;
      databaseOutage.report(error);
      return false;
    }
  }

  private probe(delayMs: number): void {
    if (this.probing || this.stopped) return;
    this.probing = setTimeout(() => {
      this.probing = undefined;
      if (this.stopped || !databaseOutage.down || !this.dataSource.isInitialized) return;
      void this.reachable().then((up) => {
        if (!up) this.probe(Math.min(delayMs * 2, MAX_PROBE_MS));
      });
    }, delayMs).unref();
  }
}
