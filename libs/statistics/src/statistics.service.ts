import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, organisationsWith, type Actor } from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { inTransaction } from '@brygga/database';
import { addDays, CLOCK_KINDS, daysBetween, localDate, startOfDay, ThreadClocks, type ClockRow } from '@brygga/deadlines';
import { homeOutcomeRows } from '@brygga/home-phase';
import { sipOutcomeRows } from '@brygga/sip-plan';
import { dischargeConflicts, figures, type StatThread } from './figures';
import type { Statistics } from './statistics.types';
import { SMALL_CELL_RULE, suppressSmallCells } from './suppress';

/**
 * One query gathers, for every thread of the organisation's units admitted in the period, its
 * events (as the clock reads them), triage and whether the patient came back within 30 days of
 * discharge; the clock then derives each thread's figures, exactly as the thread view does. The
 * same columns as CLOCK_SELECT, but set-based (grouped joins, not a subquery per thread): over
 * 10,000 threads that is the difference between about a second and a fraction of one.
 */
const STATISTICS_SQL = `
  WITH scope AS (
    SELECT tp.thread_id, array_agg(tp.unit_id) AS unit_ids
      FROM thread_participant tp JOIN thread t ON t.id = tp.thread_id
     WHERE tp.unit_id = ANY($1::uuid[]) AND coalesce(t.admitted_at, t.created_at) >= $2 AND coalesce(t.admitted_at, t.created_at) < $3
       AND t.status <> 'makulerad'
     GROUP BY tp.thread_id),
  events AS (
    SELECT m.thread_id, json_agg(json_build_object('id', m.id, 'seq', m.seq, 'kind', m.kind, 'sentAt', m.created_at,
                                                   'payload', m.payload, 'corrects', m.corrects_message_id) ORDER BY m.seq) AS events
      FROM message m JOIN scope s ON s.thread_id = m.thread_id
     WHERE m.kind = ANY('{${CLOCK_KINDS.join(',')}}'::text[]) GROUP BY m.thread_id),
  kinds AS (
    SELECT tp.thread_id, array_agg(DISTINCT u.organisation_kind) AS kinds
      FROM thread_participant tp JOIN scope s ON s.thread_id = tp.thread_id
      JOIN directory_unit u ON u.id = tp.unit_id
     GROUP BY tp.thread_id),
  readmitted AS (
    SELECT DISTINCT t.id
      FROM scope s JOIN thread t ON t.id = s.thread_id AND t.discharged_at IS NOT NULL
      JOIN thread t2 ON t2.patient_id = t.patient_id AND t2.id <> t.id
      JOIN message m2 ON m2.thread_id = t2.id AND m2.kind = 'inskrivningsmeddelande'
                     AND m2.created_at > t.discharged_at AND m2.created_at <= t.discharged_at + interval '30 days')
  SELECT t.id, t.owner_unit_id, t.created_at, t.admitted_at, to_char(t.planned_discharge_date, 'YYYY-MM-DD') AS planned_discharge_date,
         k.kinds, coalesce(e.events, '[]') AS events, t.triage, s.unit_ids, r.id IS NOT NULL AS readmitted
    FROM scope s JOIN thread t ON t.id = s.thread_id JOIN kinds k ON k.thread_id = s.thread_id
    LEFT JOIN events e ON e.thread_id = s.thread_id LEFT JOIN readmitted r ON r.id = s.thread_id`;

const MAX_DAYS = 366;

@Injectable()
export class StatisticsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clocks: ThreadClocks,
    private readonly audit: AuditService,
  ) {}

  /** The figures as served: small cells suppressed (suppress.ts). */
  compute(actor: Actor, period: { from: string; to: string }, format: 'json' | 'csv'): Promise<Statistics> {
    return this.run(actor, period, format, true);
  }

  /**
   * The same figures before suppression, for the tests that prove each definition on a handful of
   * threads. No route serves it.
   */
  computeUnsuppressed(actor: Actor, period: { from: string; to: string }): Promise<Statistics> {
    return this.run(actor, period, 'json', false);
  }

  private async run(actor: Actor, period: { from: string; to: string }, format: 'json' | 'csv', suppress: boolean): Promise<Statistics> {
    if (period.to < period.from)
      throw new DomainError('validation', 'Ogiltig period: to är före from.', [{ field: 'to', message: 'får inte vara före from' }]);
    if (daysBetween(period.from, period.to) >= MAX_DAYS) {
      throw new DomainError('validation', `Ogiltig period: högst ${MAX_DAYS} dagar.`, [
        { field: 'to', message: `perioden får vara högst ${MAX_DAYS} dagar` },
      ]);
    }
    // The organisations whose statistics the actor may read, and their units.
    const organisations = organisationsWith(actor, 'statistics.read');
    return inTransaction(
      this.dataSource,
      async (manager) => {
        const units: { id: string; name: string; kind: string }[] = await manager.query(
          `SELECT u.id, u.name, u.organisation_kind AS kind FROM directory_unit u
          WHERE u.organisation_id = ANY($1::uuid[]) ORDER BY u.name`,
          [organisations],
        );
        // A provider (hemtjänst) sees its own delivery, not the municipality's payment cost.
        const providerOnly = units.length > 0 && units.every((u) => u.kind === 'hemtjanst');
        const deliveredBy = providerOnly ? new Set(units.map((u) => u.id)) : undefined;
        // Every CTE here spans the whole period, but the planner, unable to estimate the period filter
        // on an expression, expects 50 rows and loops over index scans; hash joins are several times faster.
        await manager.query('SET LOCAL enable_nestloop = off');
        const started = performance.now();
        const rows: (ClockRow & { owner_unit_id: string; triage: string; unit_ids: string[]; readmitted: boolean })[] = await manager.query(
          STATISTICS_SQL,
          [units.map((u) => u.id), startOfDay(period.from), startOfDay(addDays(period.to, 1))],
        );
        const ids = rows.map((r) => r.id);
        const home = await homeOutcomeRows(manager, ids);
        const sip = await sipOutcomeRows(manager, ids);
        const queried = performance.now();
        const now = this.clocks.now();
        const today = localDate(now);
        const threads = rows.map((r) => ({
          unitIds: r.unit_ids,
          wardId: r.owner_unit_id,
          stat: {
            clock: this.clocks.derive(r, now),
            triage: r.triage,
            readmitted: r.readmitted,
            dischargeConflicts: dischargeConflicts(r.events),
            outcome: {
              granted: home.granted.get(r.id) ?? null,
              delivered: home.delivered.get(r.id) ?? [],
              measurements: home.measurements.get(r.id) ?? [],
              homeCareHours: home.homeCareHours.get(r.id) ?? [],
              sipVersions: sip.versions.get(r.id) ?? [],
              goalResults: sip.goalResults.get(r.id) ?? null,
            },
          } satisfies StatThread,
        }));
        const of = (subset: typeof threads) => {
          const f = figures(
            subset.map((t) => t.stat),
            today,
            deliveredBy,
          );
          return providerOnly ? { ...f, paymentDays: null, cost: null } : f;
        };
        const wardIds = [...new Set(threads.map((t) => t.wardId))];
        const wardNames: { id: string; name: string }[] = await manager.query(
          'SELECT id, name FROM directory_unit WHERE id = ANY($1::uuid[]) ORDER BY name',
          [wardIds],
        );
        const raw = {
          units: units.map((u) => ({ unitId: u.id, unitName: u.name, figures: of(threads.filter((t) => t.unitIds.includes(u.id))) })),
          wards: wardNames.map((w) => ({ unitId: w.id, unitName: w.name, figures: of(threads.filter((t) => t.wardId === w.id)) })),
          total: { unitId: null, unitName: 'Totalt', figures: of(threads) },
        };
        const safe = suppress ? suppressSmallCells([raw.units, raw.wards], raw.total) : undefined;
        const result: Statistics = {
          period,
          region: this.clocks.rules.region,
          dayRate: this.clocks.rules.betalningsansvar.dygnskostnadKr,
          units: safe?.breakdowns[0] ?? raw.units.map((u) => ({ ...u, suppressed: [] })),
          wards: safe?.breakdowns[1] ?? raw.wards.map((u) => ({ ...u, suppressed: [] })),
          total: safe?.total ?? { ...raw.total, suppressed: [] },
          costShown: !providerOnly,
          rule: SMALL_CELL_RULE,
          tookMs: { query: Math.round(queried - started), derive: Math.round(performance.now() - queried) },
        };
        // Aggregates only, no patient: one row says who looked at which period.
        await this.audit.record(manager, [
          {
            actor,
            action: 'statistics.read',
            outcome: 'allowed',
            details: { from: period.from, to: period.to, format, threads: rows.length },
          },
        ]);
        return result;
      },
      { isolation: 'REPEATABLE READ' }, // one snapshot for every figure of the period
    );
  }
}
