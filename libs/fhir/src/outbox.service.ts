import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Subscription } from 'rxjs';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, DomainEvents, Telemetry, type AppConfig } from '@brygga/common';
import { CacheInvalidation, type InvalidatedCache } from '@brygga/database';
import type { AuditRecord } from '@brygga/audit';
import { endpointsOf, unitsWithEndpoint as registeredEndpointUnits } from '@brygga/auth';
import { ThreadDerivations, type DerivationContext, type DerivationOutcome } from '@brygga/threads';
import { ackCodeFor, type AckCode } from './acknowledgement';
import { EXPORT_ACTIVITIES, exportBundle } from './export';
import { outboxBacklog } from './outbox-backlog';
import { messageDeliveries } from './outbox-deliveries';
import { nonConformance } from './profile-validator';

/** Receivers a node sends to at once: each has its own queue, so a slow one holds up no other. */
const PARALLEL_RECEIVERS = 16;
/**
 * How long a node trusts its list of units with an endpoint: a change to system_client drops it
 * at once on every node (a trigger's NOTIFY), so this only bounds a missed notification.
 */
const ENDPOINTS_TTL_MS = 60_000;
/** Posts with outbox rows whose commit this node has not yet heard of; bounded (the poll catches the rest). */
const AWAITED_LIMIT = 10_000;

interface Claimed {
  id: string;
  receiver_unit_id: string;
  bundle: Record<string, unknown>;
  message_header_id: string;
  attempts: number;
  endpoint: string | null;
}

/**
 * The FHIR outbox. A message posted in a thread where another unit has a system with an endpoint
 * gets a row per such unit in the same transaction (a derivation of the post), so a committed
 * message is never without its row and a rolled-back one never has one. After the commit, and
 * every FHIR_OUTBOX_POLL_SECONDS, due rows are claimed (the claim moves the next attempt forward
 * by the retry interval and gives the Bundle a new id and timestamp before anything is sent) and POSTed to the
 * endpoint; the acknowledgement in the answer, or one that arrives later at $process-message,
 * settles the row: kvitterat, or fel after a fatal error or when the retries are used up.
 *
 * Each receiver is a queue of its own: only its earliest unsettled row (by queue_position) is
 * ever sent, so a later message never overtakes an earlier one to the same receiver, not even
 * when the earlier one failed and waits for its next attempt. Receivers are sent to side by side
 * (up to PARALLEL_RECEIVERS at once, each attempt bounded by FHIR_SEND_TIMEOUT_SECONDS), so one
 * that hangs delays only its own queue.
 */
@Injectable()
export class FhirOutboxService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('FhirOutbox');
  private subscription?: Subscription;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  /** Sends under way on this node, by receiving unit (one each). */
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Aborts the sends under way when the node stops (their rows are due again after the retry interval). */
  private readonly stopping = new AbortController();
  /** Wakes a running loop that waits for a send to end: something new may be due. */
  private wake?: () => void;
  /** Messages whose post enqueued rows here: their commit (message.created) starts a run, other posts do not. */
  private readonly awaited = new Set<string>();
  /** Units that have a system with an endpoint: most threads have none, and their posts need no query. */
  private readonly endpointUnits: InvalidatedCache<Set<string>>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: DomainEvents,
    derivations: ThreadDerivations,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    invalidation: CacheInvalidation,
    private readonly telemetry: Telemetry,
  ) {
    this.endpointUnits = invalidation.cache<Set<string>>('systemClients', ENDPOINTS_TTL_MS, 1);
    derivations.register((manager, context) => this.enqueue(manager, context));
    // Each message's delivery states, as the thread view shows them.
    derivations.registerMessagePart(messageDeliveries);
    // The operator's gauges (libs/observability): both from one query, at most once a second.
    let backlog: { at: number; answer: Promise<{ queued: number; oldestDueSeconds: number }> } | undefined;
    const read = () => {
      if (!backlog || Date.now() - backlog.at > 1000) backlog = { at: Date.now(), answer: outboxBacklog(this.dataSource.manager) };
      return backlog.answer;
    };
    telemetry.gauge('fhir.outboxQueued', async () => (await read()).queued);
    telemetry.gauge('fhir.outboxOldestDueSeconds', async () => (await read()).oldestDueSeconds);
  }

  onApplicationBootstrap(): void {
    if (!this.config.fhir.outboxSend) return;
    this.subscription = this.events.events$.subscribe((event) => {
      if (event.type === 'message.created' && this.awaited.delete(event.data.id as string)) this.kick();
    });
    const seconds = this.config.fhir.outboxPollSeconds;
    if (seconds > 0) {
      this.timer = setInterval(() => this.kick(), seconds * 1000);
      this.timer.unref();
    }
    this.kick(); // whatever a stopped node left behind
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.subscription?.unsubscribe();
    if (this.timer) clearInterval(this.timer);
    this.stopping.abort();
    this.wake?.();
    await this.running;
    await Promise.all(this.inFlight.values());
  }

  /** In the post's transaction: one row per receiving unit with a registered endpoint. */
  private async enqueue(manager: EntityManager, context: DerivationContext): Promise<DerivationOutcome> {
    const { message } = context;
    if (!EXPORT_ACTIVITIES[message.kind]) return { events: [], audit: [] };
    const endpoints = await this.unitsWithEndpoint(manager);
    if (!context.participantUnitIds.some((u) => u !== message.author.unitId && endpoints.has(u))) return { events: [], audit: [] };
    const receivers = [
      ...(await endpointsOf(
        manager,
        context.participantUnitIds.filter((u) => u !== message.author.unitId),
      )),
    ].map(([unit_id, endpoint_url]) => ({ unit_id, endpoint_url }));
    const audit: AuditRecord[] = [];
    if (receivers.length && this.config.fhir.outboxSend) {
      // A rolled-back post never publishes: its id stays until the bound clears it.
      if (this.awaited.size >= AWAITED_LIMIT) this.awaited.clear();
      this.awaited.add(message.id);
    }
    for (const receiver of receivers) {
      const [corrected]: { message_header_id: string }[] = message.correctsMessageId
        ? await manager.query('SELECT message_header_id FROM fhir_outbox WHERE message_id = $1 AND receiver_unit_id = $2', [
            message.correctsMessageId,
            receiver.unit_id,
          ])
        : message.kind === 'arende_makulerat'
          ? await this.admissionSentTo(manager, context.threadId, receiver.unit_id)
          : [];
      // A cancellation cancels the admission the receiver got; a receiver that never got one has nothing to cancel.
      if (message.kind === 'arende_makulerat' && !corrected) continue;
      const headerId = randomUUID();
      const bundle = await exportBundle(manager, {
        message,
        threadId: context.threadId,
        receiverUnitId: receiver.unit_id,
        endpointUrl: receiver.endpoint_url,
        headerId,
        correctsHeaderId: corrected?.message_header_id,
        publicUrl: this.config.publicUrl,
        country: this.config.fhir.identifierCountry,
      });
      await manager.query(
        `INSERT INTO fhir_outbox (message_id, thread_id, receiver_unit_id, message_header_id, bundle, next_attempt_at) VALUES ($1, $2, $3, $4, $5, now())`,
        [message.id, context.threadId, receiver.unit_id, headerId, JSON.stringify(bundle)],
      );
      // Sending patient data to another organisation's system is a disclosure: logged with the post.
      audit.push({
        actor: context.actor,
        action: 'fhir.export',
        outcome: 'allowed',
        unitId: receiver.unit_id,
        patientId: context.patientId,
        threadId: context.threadId,
        details: { seq: message.seq, kind: message.kind, messageHeaderId: headerId },
      });
    }
    return { events: [], audit };
  }

  /** The first admission (HospitalNotification admit-inpatient) this thread sent to the receiver. */
  private admissionSentTo(manager: EntityManager, threadId: string, receiverUnitId: string): Promise<{ message_header_id: string }[]> {
    return manager.query(
      `SELECT message_header_id FROM fhir_outbox
        WHERE thread_id = $1 AND receiver_unit_id = $2
          AND jsonb_path_exists(bundle, '$.entry[*].resource ? (@.resourceType == "Provenance").activity.coding[*] ? (@.code == "admit-inpatient")')
        ORDER BY queue_position LIMIT 1`,
      [threadId, receiverUnitId],
    );
  }

  private async unitsWithEndpoint(manager: EntityManager): Promise<Set<string>> {
    const cached = this.endpointUnits.get('all');
    if (cached) return cached;
    const token = this.endpointUnits.begin();
    const units = await registeredEndpointUnits(manager);
    this.endpointUnits.store('all', units, token);
    return units;
  }

  /** An acknowledgement from the receiving unit's system settles its row (received at $process-message). */
  async acknowledged(manager: EntityManager, receiverUnitId: string, headerId: string, code: AckCode, error?: string): Promise<void> {
    if (code === 'transient-error') return; // the next attempt is already scheduled
    await manager.query(
      `UPDATE fhir_outbox SET status = $3, last_error = $4, updated_at = now()
        WHERE message_header_id::text = $1 AND receiver_unit_id = $2 AND status = 'vantar_pa_kvittens'`,
      [
        headerId,
        receiverUnitId,
        code === 'ok' ? 'kvitterat' : 'fel',
        code === 'ok' ? null : (error ?? 'Mottagaren kvitterade med fatal-error.'),
      ],
    );
  }

  /** Sends what is due; several kicks at once run one loop (a kick wakes it while it waits for a send). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wake?.();
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) =>
        this.logger.warn(`Outbox run failed, retried on the next run: ${error instanceof Error ? error.message : 'error'}`),
      )
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Until nothing is due and nothing is under way (tests call it to wait for a run). */
  async drain(): Promise<void> {
    const maxRetries = this.config.fhir.maxRetries;
    for (;;) {
      if (this.stopped) return;
      let woken = false;
      const wakeup = new Promise<void>((resolve) => {
        this.wake = () => {
          woken = true;
          resolve();
        };
      });
      await this.dataSource.query(
        `UPDATE fhir_outbox SET status = 'fel', last_error = coalesce(last_error, 'Ingen kvittens') || ' (efter ' || attempts || ' försök)', updated_at = now()
          WHERE status = 'vantar_pa_kvittens' AND attempts > $1 AND next_attempt_at <= now()`,
        [maxRetries],
      );
      const free = PARALLEL_RECEIVERS - this.inFlight.size;
      const claimed = free > 0 ? await this.claim(maxRetries, [...this.inFlight.keys()], free) : [];
      for (const row of claimed) {
        const sending = this.send(row, maxRetries)
          .catch((error: unknown) =>
            this.logger.warn(`Outbox send failed, retried on the next run: ${error instanceof Error ? error.message : 'error'}`),
          )
          .finally(() => {
            this.inFlight.delete(row.receiver_unit_id);
          });
        this.inFlight.set(row.receiver_unit_id, sending);
      }
      if (!this.inFlight.size && !woken) return;
      // A send ended (its receiver's next row may be due) or a kick came: look again.
      if (!claimed.length) await Promise.race([wakeup, ...this.inFlight.values()]);
    }
  }

  /**
   * Claims the due head of each receiver not being sent to by this node: the earliest unsettled row
   * of its queue. The claim moves its next attempt forward (no other node takes it meanwhile) and
   * gives the Bundle a new id and timestamp (MedCom: every send is a new Bundle; the MessageHeader
   * id stays). A receiver's later row is no head while an earlier one is unsettled, so nobody sends it.
   */
  private async claim(maxRetries: number, busy: string[], limit: number): Promise<Claimed[]> {
    // Every endpoint (a few rows), read before the claim: a claimed row goes out without another round trip.
    const endpoints = await endpointsOf(this.dataSource.manager);
    const [rows]: [Omit<Claimed, 'endpoint'>[], number] = await this.dataSource.query(
      `WITH heads AS (
         SELECT DISTINCT ON (receiver_unit_id) id, next_attempt_at, attempts FROM fhir_outbox
          WHERE status = 'vantar_pa_kvittens' AND receiver_unit_id <> ALL($3::uuid[])
          ORDER BY receiver_unit_id, queue_position)
       UPDATE fhir_outbox o
          SET attempts = o.attempts + 1, next_attempt_at = now() + make_interval(secs => $1),
              bundle = jsonb_set(jsonb_set(o.bundle, '{id}', to_jsonb(gen_random_uuid()::text)), '{timestamp}',
                                 to_jsonb(to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))),
              updated_at = now()
        WHERE o.id IN (SELECT f.id FROM fhir_outbox f
                        WHERE f.id IN (SELECT id FROM heads WHERE next_attempt_at <= now() AND attempts <= $2 ORDER BY next_attempt_at LIMIT $4)
                        FOR UPDATE SKIP LOCKED)
          AND o.status = 'vantar_pa_kvittens' AND o.next_attempt_at <= now()
        RETURNING o.id, o.receiver_unit_id, o.bundle, o.message_header_id, o.attempts`,
      [this.config.fhir.retrySeconds, maxRetries, busy, limit],
    );
    return rows.map((r) => ({ ...r, endpoint: endpoints.get(r.receiver_unit_id) ?? null }));
  }

  private async send(row: Claimed, maxRetries: number): Promise<void> {
    // Validated before it leaves: a message that breaks the profiles it claims is not sent, it is an error.
    const broken = nonConformance(row.bundle);
    if (broken) {
      this.logger.error(`FHIR message ${row.message_header_id} not sent: ${broken.errors} profile error(s), at ${broken.first}`);
      this.telemetry.add('fhir.sends', 1, 'not_conformant');
      await this.dataSource.query(
        `UPDATE fhir_outbox SET status = 'fel', last_error = $2, updated_at = now() WHERE id = $1 AND status = 'vantar_pa_kvittens'`,
        [row.id, `Skickades inte: meddelandet följer inte MedComs profiler (${broken.errors} fel, bland annat vid ${broken.first}).`],
      );
      return;
    }
    let code: AckCode | undefined;
    let problem: string | undefined;
    try {
      if (!row.endpoint) throw new Error('Mottagaren har ingen registrerad adress.');
      const response = await fetch(row.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' },
        body: JSON.stringify(row.bundle),
        signal: AbortSignal.any([AbortSignal.timeout(this.config.fhir.sendTimeoutSeconds * 1000), this.stopping.signal]),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`Mottagaren svarade ${response.status}.`);
      if (text) {
        code = ackCodeFor(JSON.parse(text) as unknown, row.message_header_id);
        if (code && code !== 'ok') problem = `Mottagaren kvitterade med ${code}.`;
      }
    } catch (error) {
      problem = error instanceof Error ? error.message : 'Sändningen misslyckades.';
    }
    this.telemetry.add('fhir.sends', 1, code === 'ok' ? 'acknowledged' : code === 'fatal-error' ? 'fatal_error' : 'no_acknowledgement');
    if (code === 'ok' || code === 'fatal-error') {
      await this.dataSource.query(
        `UPDATE fhir_outbox SET status = $2, last_error = $3, updated_at = now() WHERE id = $1 AND status = 'vantar_pa_kvittens'`,
        [row.id, code === 'ok' ? 'kvitterat' : 'fel', problem ?? null],
      );
      return;
    }
    // No acknowledgement yet (a failure, a transient error, or one that comes later): the claim
    // already scheduled the next attempt; after the last one there is none.
    await this.dataSource.query(
      `UPDATE fhir_outbox SET last_error = $2, status = CASE WHEN attempts > $3 AND $4 THEN 'fel' ELSE status END, updated_at = now()
        WHERE id = $1 AND status = 'vantar_pa_kvittens'`,
      [row.id, problem ?? null, maxRetries, problem !== undefined],
    );
  }
}
