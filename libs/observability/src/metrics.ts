import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { APP_CONFIG, DomainEvents, HealthRegistry, Telemetry, type AppConfig, type TelemetryName } from '@brygga/common';
import { AuditChainSealer, lastCheckpoint } from '@brygga/audit';
import { observeStatements } from '@brygga/database';
import { scanBacklog } from '@brygga/attachments';

/** Label values that come from code (kinds, event names), checked so nothing else can slip in. */
const FIXED_NAME = /^[a-z][a-z0-9_.:-]{0,63}$/i;
const fixed = (value: unknown): string => (typeof value === 'string' && FIXED_NAME.test(value) ? value : 'other');

/**
 * This app's Prometheus metrics (docs/operations.md lists them). A registry per app, not
 * prom-client's global one: tests run several apps in one process. No label carries an id, a
 * path or patient data: routes are templates, kinds and events are fixed names.
 */
@Injectable()
export class BryggaMetrics implements OnModuleDestroy {
  readonly registry = new Registry();
  private readonly subscriptions: Subscription[] = [];
  private readonly unsubscribe: () => void;

  readonly httpRequests = new Counter({
    name: 'brygga_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'brygga_http_request_duration_seconds',
    help: 'Time from request to the end of the answer, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly socketConnections = new Gauge({
    name: 'brygga_socket_connections',
    help: 'Sockets connected to this node',
    registers: [this.registry],
  });
  private readonly socketJoins = new Counter({
    name: 'brygga_socket_joins_total',
    help: 'Thread joins over sockets',
    registers: [this.registry],
  });
  private readonly socketEvents = new Counter({
    name: 'brygga_socket_events_sent_total',
    help: 'Events sent to sockets, by event name (one per receiving socket)',
    labelNames: ['event'] as const,
    registers: [this.registry],
  });
  private readonly messagesPosted = new Counter({
    name: 'brygga_messages_posted_total',
    help: 'Messages stored by this node, by kind (people and Brygga itself)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  private readonly deadlineWarnings = new Counter({
    name: 'brygga_deadline_warnings_total',
    help: 'Deadline warnings (Bevakning) raised by this node, by kind and level',
    labelNames: ['kind', 'level'] as const,
    registers: [this.registry],
  });
  private readonly attachmentsScanned = new Counter({
    name: 'brygga_attachments_scanned_total',
    help: 'Attachments received or rescanned, by outcome (clean, infected, scan_pending: clamd unreachable, not_scanned: no scanner configured)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly attachmentsSwept = new Counter({
    name: 'brygga_attachments_swept_total',
    help: 'Stored files that no attachment named (left by a crash mid-upload), removed by the sweep, by store',
    labelNames: ['store'] as const,
    registers: [this.registry],
  });
  private readonly attachmentsExpired = new Counter({
    name: 'brygga_attachments_expired_total',
    help: 'Pending uploads never sent with a message, removed after ATTACHMENT_PENDING_HOURS: files, and bytes (label unit)',
    labelNames: ['unit'] as const,
    registers: [this.registry],
  });
  private readonly cacheLookups = new Counter({
    name: 'brygga_auth_cache_lookups_total',
    help: 'Session and actor cache lookups, by cache and outcome (hit, miss, bypass: cache off or its invalidation channel down)',
    labelNames: ['cache', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly logins = new Counter({
    name: 'brygga_logins_total',
    help: 'Logins at the OIDC callback, by outcome (success, or the reason of a refusal: unknown_identity, acr_too_low, no_identity_claim, state …)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly poolWait = new Histogram({
    name: 'brygga_db_pool_wait_seconds',
    help: 'Time a query waited for a connection of the database pool (only waits are counted: a free connection is no wait)',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly statementDuration = new Histogram({
    name: 'brygga_db_statement_duration_seconds',
    help: 'Duration of the named SQL statements of the hot path (libs/*/queries.sql lists them), by statement name',
    labelNames: ['statement'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  private readonly fhirSends = new Counter({
    name: 'brygga_fhir_outbox_sends_total',
    help: 'FHIR messages sent from the outbox (or held back as not conformant), by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly auditRows = new Counter({
    name: 'brygga_audit_rows_written_total',
    help: 'Access-log rows written by this node',
    registers: [this.registry],
  });

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    dataSource: DataSource,
    events: DomainEvents,
    telemetry: Telemetry,
    health: HealthRegistry,
    sealer: AuditChainSealer,
  ) {
    collectDefaultMetrics({ register: this.registry });
    this.registry.setDefaultLabels({});
    const counters: Record<TelemetryName, (by: number, label?: string) => void> = {
      'audit.rows': (by) => this.auditRows.inc(by),
      'socket.connections': (by) => this.socketConnections.inc(by),
      'socket.joins': (by) => this.socketJoins.inc(by),
      'socket.events': (by, event) => this.socketEvents.inc({ event: fixed(event) }, by),
      'attachments.scanned': (by, outcome) => this.attachmentsScanned.inc({ outcome: fixed(outcome) }, by),
      'attachments.swept': (by, store) => this.attachmentsSwept.inc({ store: fixed(store) }, by),
      'attachments.expired': (by, unit) => this.attachmentsExpired.inc({ unit: fixed(unit) }, by),
      'cache.session': (by, outcome) => this.cacheLookups.inc({ cache: 'session', outcome: fixed(outcome) }, by),
      'cache.actor': (by, outcome) => this.cacheLookups.inc({ cache: 'actor', outcome: fixed(outcome) }, by),
      'auth.logins': (by, outcome) => this.logins.inc({ outcome: fixed(outcome) }, by),
      'db.poolWait': (seconds) => this.poolWait.observe(seconds),
      'fhir.sends': (by, outcome) => this.fhirSends.inc({ outcome: fixed(outcome) }, by),
    };
    const unsinked = telemetry.sink((name, by, label) => counters[name](by, label));
    const unobserved = observeStatements((statement, seconds) => this.statementDuration.observe({ statement: fixed(statement) }, seconds));
    this.unsubscribe = () => {
      unsinked();
      unobserved();
    };
    this.subscriptions.push(
      events.events$.subscribe((event) => {
        if (event.type === 'message.created') this.messagesPosted.inc({ kind: fixed(event.data.kind) });
        if (event.type === 'deadline.warning') this.deadlineWarnings.inc({ kind: fixed(event.data.kind), level: fixed(event.data.level) });
      }),
    );

    const pool = (): Pool | undefined => (dataSource.driver as unknown as { master?: Pool }).master;
    new Gauge({
      name: 'brygga_db_pool_connections_in_use',
      help: "Connections of this node's database pool lent out to a query or transaction",
      registers: [this.registry],
      collect() {
        const p = pool();
        if (p) this.set(p.totalCount - p.idleCount);
      },
    });
    new Gauge({
      name: 'brygga_db_pool_waiting',
      help: 'Queries waiting for a connection of the pool',
      registers: [this.registry],
      collect() {
        const p = pool();
        if (p) this.set(p.waitingCount);
      },
    });
    // As the sealer last saw the chain (every 250 ms): counted from the last sound link, so rows
    // under a forged link count, and rows behind the chain (a scan every ten minutes) too.
    new Gauge({
      name: 'brygga_audit_unsealed_rows',
      help: 'Access-log rows committed but not linked into the hash chain, wherever they sit (sealer lag, or rows the chain stops before)',
      registers: [this.registry],
      collect() {
        this.set(sealer.status().unsealedRows);
      },
    });
    new Gauge({
      name: 'brygga_audit_chain_broken',
      help: 'The seq of the row the access-log chain stops at (forged, backdated, out of sequence, or an unsound head); 0 while it holds',
      registers: [this.registry],
      collect() {
        this.set(Number(sealer.status().broken?.seq ?? 0));
      },
    });
    new Gauge({
      name: 'brygga_socket_adapter_connected',
      help: "1 while this node's socket adapter reaches the other nodes (PostgreSQL LISTEN connection or Redis), else 0",
      labelNames: ['adapter'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        // The adapter reports its connection as `realtime` (the same state readiness reads).
        const state = health.all.realtime ?? 'not started';
        this.set({ adapter: config.redisUrl ? 'redis' : 'postgres' }, state === 'ok' ? 1 : 0);
      },
    });
    // Both gauges from one query per scrape (prom-client collects them side by side).
    let scan: { at: number; answer: Promise<{ waiting: number; oldestSeconds: number } | undefined> } | undefined;
    const scanned = () => {
      if (!scan || Date.now() - scan.at > 1000) {
        // The database unreachable: readiness says so; the scrape still answers, without these.
        scan = { at: Date.now(), answer: scanBacklog(dataSource.manager).catch(() => undefined) };
      }
      return scan.answer;
    };
    new Gauge({
      name: 'brygga_attachments_scan_backlog',
      help: 'Attachments waiting for a virus scan (clamd was unreachable): not downloadable until scanned',
      registers: [this.registry],
      async collect() {
        const backlog = await scanned();
        if (backlog) this.set(backlog.waiting);
      },
    });
    new Gauge({
      name: 'brygga_attachments_scan_oldest_seconds',
      help: 'How long the oldest attachment waiting for a virus scan has waited (0: none waits)',
      registers: [this.registry],
      async collect() {
        const backlog = await scanned();
        if (backlog) this.set(backlog.oldestSeconds);
      },
    });
    // The FHIR outbox is shared by every node (any node may send): each reports the same rows, so alert on max().
    new Gauge({
      name: 'brygga_fhir_outbox_queued',
      help: 'FHIR messages not yet settled: waiting to be sent, or sent and waiting for an acknowledgement or their next attempt',
      registers: [this.registry],
      async collect() {
        const queued = await telemetry.read('fhir.outboxQueued');
        if (queued !== undefined) this.set(queued);
      },
    });
    new Gauge({
      name: 'brygga_fhir_outbox_oldest_due_seconds',
      help: 'How long the oldest FHIR message due to be sent has been due (0: none is due); grows when no node sends or a receiver holds up its later messages',
      registers: [this.registry],
      async collect() {
        const oldest = await telemetry.read('fhir.outboxOldestDueSeconds');
        if (oldest !== undefined) this.set(oldest);
      },
    });
    new Gauge({
      name: 'brygga_audit_checkpoint_age_seconds',
      help: 'Age of the newest signed checkpoint in the checkpoint file (-1: none yet)',
      registers: [this.registry],
      collect() {
        const newest = lastCheckpoint(config.audit.checkpointFile);
        this.set(newest ? (Date.now() - Date.parse(newest.at)) / 1000 : -1);
      },
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe();
    this.subscriptions.forEach((s) => s.unsubscribe());
  }
}
