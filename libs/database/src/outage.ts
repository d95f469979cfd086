import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { cutShortWait, databaseOutage } from '@brygga/common';

const FIRST_PROBE_MS = 250;
const MAX_PROBE_MS = 5000;

/**
 * Ends an outage that requests and background work reported (`databaseOutage.report`): while
 * the database is unreachable it probes with backoff (250 ms doubling to 5 s), and the first
 * answer ends the outage (one log line). The pools need no help to come back: pg-pool drops
 * broken clients and opens new ones on the next checkout.
 */
@Injectable()
export class DatabaseMonitor implements OnModuleInit, OnApplicationShutdown {
  private probing?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private stopped = false;

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.unsubscribe = databaseOutage.onDown(() => this.probe(FIRST_PROBE_MS));
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.unsubscribe?.();
    clearTimeout(this.probing);
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
