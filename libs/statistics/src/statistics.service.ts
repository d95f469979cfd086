import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, organisationsWith, type Actor } from '@brygga/common';
import { AuditService } from '@brygga/audit';
import { inTransaction } from '@brygga/database';
import { addDays, daysBetween, localDate, startOfDay, ThreadClocks } from '@brygga/deadlines';
import { homeOutcomeRows } from '@brygga/home-phase';
import { sipOutcomeRows } from '@brygga/sip-plan';
import { periodClockRows } from '@brygga/threads';
import { dischargeConflicts, figures, type StatThread } from './figures';
import type { Statistics } from './statistics.types';
import { SMALL_CELL_RULE, suppressSmallCells } from './suppress';

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
        const started = performance.now();
        const rows = await periodClockRows(
          manager,
          units.map((u) => u.id),
          startOfDay(period.from),
          startOfDay(addDays(period.to, 1)),
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
