import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';

/** What libs count for the operator; libs/observability turns each into a Prometheus metric. */
export type TelemetryName =
  /** Access-log rows written by this node. */
  | 'audit.rows'
  /** Sockets connected to this node (+1 on connect, -1 on disconnect). */
  | 'socket.connections'
  /** Thread joins over sockets. */
  | 'socket.joins'
  /** Events sent to sockets, labelled by the event's name (a fixed name from the socket contract). */
  | 'socket.events'
  /** Attachments received or rescanned, labelled by the outcome: clean, infected, scan_pending, not_scanned. */
  | 'attachments.scanned'
  | 'attachments.swept'
  /** Pending uploads (never sent with a message) removed after ATTACHMENT_PENDING_HOURS; `by` counts bytes, the label files or bytes. */
  | 'attachments.expired'
  /** Session and actor cache lookups, labelled hit, miss or bypass (the cache is off or its invalidation channel down). */
  | 'cache.session'
  | 'cache.actor'
  /** Logins at the OIDC callback, labelled by outcome: success, or the refusal's reason (unknown_identity, acr_too_low …). */
  | 'auth.logins'
  /** Seconds one query waited for a connection of the database pool (`by` is the time, once per wait). */
  | 'db.poolWait'
  /** FHIR messages sent (or held back) from the outbox, labelled by outcome: acknowledged, fatal_error, no_acknowledgement, not_conformant. */
  | 'fhir.sends';

export type TelemetrySink = (name: TelemetryName, by: number, label?: string) => void;

/** What libs report as a level read at scrape time (their own SQL); libs/observability turns each into a gauge. */
export type TelemetryGaugeName =
  /** FHIR messages not yet settled (waiting to be sent, or for an acknowledgement or their next attempt). */
  | 'fhir.outboxQueued'
  /** How long the oldest FHIR message due to be sent has been due, in seconds (0: none). */
  | 'fhir.outboxOldestDueSeconds';

/** Reads a gauge's value; undefined when it cannot be read now (the scrape answers without it). */
export type TelemetryGaugeReader = () => Promise<number | undefined>;

/**
 * Libs report counts here without depending on the metrics library. Per app, not per process
 * (tests run several apps in one process), like HealthRegistry. Labels are fixed names, never
 * ids or patient data.
 */
@Injectable()
export class Telemetry {
  private readonly sinks = new Set<TelemetrySink>();
  private readonly gauges = new Map<TelemetryGaugeName, TelemetryGaugeReader>();

  add(name: TelemetryName, by = 1, label?: string): void {
    for (const sink of this.sinks) sink(name, by, label);
  }

  /** Returns a function that removes the sink. */
  sink(sink: TelemetrySink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  /** The library that owns what a gauge measures says how to read it. */
  gauge(name: TelemetryGaugeName, read: TelemetryGaugeReader): void {
    this.gauges.set(name, read);
  }

  /** A gauge's value now; undefined when nobody reads it here or the read failed. */
  async read(name: TelemetryGaugeName): Promise<number | undefined> {
    return this.gauges
      .get(name)?.()
      .catch(() => undefined);
  }
}

/** The header that carries a request's correlation id, in and out. */
export const CORRELATION_HEADER = 'X-Correlation-Id';

/**
 * The correlation id of the request being served: the same id is in its log lines, its error
 * answer and its access-log rows (details.correlationId).
 */
export const correlationContext = new AsyncLocalStorage<{ correlationId: string }>();

export function currentCorrelationId(): string | undefined {
  return correlationContext.getStore()?.correlationId;
}
