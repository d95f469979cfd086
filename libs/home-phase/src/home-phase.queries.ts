import type { EntityManager } from 'typeorm';
import { inForceOfKind, messageSeqs, threadDatesOf } from '@brygga/threads';

/** The home phase's SQL: every read and write of its tables is here. */

export interface ThreadDates {
  status: string;
  admitted_at: Date | null;
  discharged_at: Date | null;
  created_at: Date;
}

export async function threadDates(manager: EntityManager, threadId: string): Promise<ThreadDates> {
  // The callers have checked access to the thread: it exists.
  const dates = (await threadDatesOf(manager, threadId))!;
  return { status: dates.status, admitted_at: dates.admittedAt, discharged_at: dates.dischargedAt, created_at: dates.createdAt };
}

export async function organisationOf(manager: EntityManager, unitId: string): Promise<string | undefined> {
  const [row]: { organisation_id: string }[] = await manager.query('SELECT organisation_id FROM directory_unit WHERE id = $1', [unitId]);
  return row?.organisation_id;
}

/** A correction replaces what the corrected message recorded. */
export async function forgetMessage(manager: EntityManager, threadId: string, messageId: string): Promise<void> {
  for (const table of ['home_reception', 'home_deviation', 'home_measurement', 'home_hours', 'home_decision']) {
    await manager.query(`DELETE FROM ${table} WHERE thread_id = $1 AND message_id = $2`, [threadId, messageId]);
  }
  await manager.query('DELETE FROM home_period WHERE thread_id = $1 AND message_id = $2', [threadId, messageId]);
  await manager.query(
    'UPDATE home_period SET handover_message_id = NULL, handed_over_on = NULL, handed_over_to = NULL WHERE thread_id = $1 AND handover_message_id = $2',
    [threadId, messageId],
  );
}

export async function insertReception(
  manager: EntityManager,
  row: { messageId: string; threadId: string; unitId: string; observedAt: string; recordedAt: string },
): Promise<void> {
  await manager.query('INSERT INTO home_reception (message_id, thread_id, unit_id, observed_at, recorded_at) VALUES ($1, $2, $3, $4, $5)', [
    row.messageId,
    row.threadId,
    row.unitId,
    row.observedAt,
    row.recordedAt,
  ]);
}

export async function insertDeviation(
  manager: EntityManager,
  row: {
    messageId: string;
    threadId: string;
    reportedByUnitId: string;
    category: string;
    responsibleUnitId: string;
    responsibleOrganisationId: string;
    reportedAt: string;
  },
): Promise<void> {
  await manager.query(
    `INSERT INTO home_deviation (message_id, thread_id, reported_by_unit_id, category, responsible_unit_id, responsible_organisation_id, reported_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [row.messageId, row.threadId, row.reportedByUnitId, row.category, row.responsibleUnitId, row.responsibleOrganisationId, row.reportedAt],
  );
}

export interface DeviationRow {
  message_id: string;
  responsible_organisation_id: string;
  state: string;
}

export async function deviation(manager: EntityManager, threadId: string, messageId: string): Promise<DeviationRow | undefined> {
  const [row]: DeviationRow[] = await manager.query(
    'SELECT message_id, responsible_organisation_id, state FROM home_deviation WHERE thread_id = $1 AND message_id = $2',
    [threadId, messageId],
  );
  return row;
}

export async function closeDeviation(
  manager: EntityManager,
  threadId: string,
  messageId: string,
  state: 'besvarad' | 'kvitterad',
  by: { messageId: string; at: string },
): Promise<void> {
  await manager.query(
    `UPDATE home_deviation SET state = $3, closed_by_message_id = $4, closed_at = $5 WHERE thread_id = $1 AND message_id = $2 AND state = 'oppen'`,
    [threadId, messageId, state, by.messageId, by.at],
  );
}

export interface PeriodRow {
  message_id: string;
  start_date: string;
  planned_end_date: string;
  carrying_unit_id: string;
  goals: string[];
  handover_message_id: string | null;
  handed_over_on: string | null;
  handed_over_to: string | null;
}

export async function period(manager: EntityManager, threadId: string): Promise<PeriodRow | undefined> {
  const [row]: PeriodRow[] = await manager.query(
    `SELECT message_id, to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(planned_end_date, 'YYYY-MM-DD') AS planned_end_date,
            carrying_unit_id, goals, handover_message_id, to_char(handed_over_on, 'YYYY-MM-DD') AS handed_over_on, handed_over_to
       FROM home_period WHERE thread_id = $1`,
    [threadId],
  );
  return row;
}

export async function insertPeriod(
  manager: EntityManager,
  row: { threadId: string; messageId: string; startDate: string; plannedEndDate: string; carryingUnitId: string; goals: string[] },
): Promise<void> {
  await manager.query(
    `INSERT INTO home_period (thread_id, message_id, start_date, planned_end_date, carrying_unit_id, goals) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
    [row.threadId, row.messageId, row.startDate, row.plannedEndDate, row.carryingUnitId, JSON.stringify(row.goals)],
  );
}

export async function handOver(manager: EntityManager, threadId: string, messageId: string, on: string, to: string): Promise<void> {
  await manager.query('UPDATE home_period SET handover_message_id = $2, handed_over_on = $3, handed_over_to = $4 WHERE thread_id = $1', [
    threadId,
    messageId,
    on,
    to,
  ]);
}

/** Which values a moment already has (trygghet and ADL may come in separate measurements). */
export async function measuredValues(manager: EntityManager, threadId: string, moment: string): Promise<{ safety: boolean; adl: boolean }> {
  const [row]: { safety: boolean; adl: boolean }[] = await manager.query(
    'SELECT bool_or(safety IS NOT NULL) AS safety, bool_or(adl IS NOT NULL) AS adl FROM home_measurement WHERE thread_id = $1 AND moment = $2',
    [threadId, moment],
  );
  return { safety: row?.safety === true, adl: row?.adl === true };
}

export async function insertMeasurement(
  manager: EntityManager,
  row: {
    messageId: string;
    threadId: string;
    moment: string;
    measuredAt: string;
    safety: number | null;
    adl: string | null;
    ratedBy: string | null;
  },
): Promise<void> {
  await manager.query(
    'INSERT INTO home_measurement (message_id, thread_id, moment, measured_at, safety, adl, rated_by) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [row.messageId, row.threadId, row.moment, row.measuredAt, row.safety, row.adl, row.ratedBy],
  );
}

export async function deliveredWeekTaken(manager: EntityManager, threadId: string, unitId: string, weekFrom: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `SELECT 1 FROM home_hours WHERE thread_id = $1 AND unit_id = $2 AND kind = 'levererade' AND week_from = $3`,
    [threadId, unitId, weekFrom],
  );
  return rows.length > 0;
}

export async function insertHours(
  manager: EntityManager,
  row: { messageId: string; threadId: string; unitId: string; kind: string; weekFrom: string | null; hours: number },
): Promise<void> {
  await manager.query('INSERT INTO home_hours (message_id, thread_id, unit_id, kind, week_from, hours) VALUES ($1, $2, $3, $4, $5, $6)', [
    row.messageId,
    row.threadId,
    row.unitId,
    row.kind,
    row.weekFrom,
    row.hours,
  ]);
}

export async function insertDecision(
  manager: EntityManager,
  row: { messageId: string; threadId: string; decidedOn: string; hoursPerWeek: number; insatser: string[] },
): Promise<void> {
  await manager.query(
    'INSERT INTO home_decision (message_id, thread_id, decided_on, hours_per_week, insatser) VALUES ($1, $2, $3, $4, $5::jsonb)',
    [row.messageId, row.threadId, row.decidedOn, row.hoursPerWeek, JSON.stringify(row.insatser)],
  );
}

/** What keeps the thread open: a running period, open avvikelser. */
export async function openWork(manager: EntityManager, threadId: string): Promise<string[]> {
  const [row]: { running: boolean; open: number }[] = await manager.query(
    `SELECT EXISTS (SELECT 1 FROM home_period WHERE thread_id = $1 AND handover_message_id IS NULL) AS running,
            (SELECT count(*)::int FROM home_deviation WHERE thread_id = $1 AND state = 'oppen') AS open`,
    [threadId],
  );
  const items: string[] = [];
  if (row.running) items.push('Trygg hemgång-perioden pågår (ingen överlämning ännu)');
  if (row.open)
    items.push(
      row.open === 1 ? '1 avvikelse är inte besvarad eller kvitterad' : `${row.open} avvikelser är inte besvarade eller kvitterade`,
    );
  return items;
}

/** Everything the summary shows, in a few reads. */
export async function summaryRows(manager: EntityManager, threadId: string) {
  const receptions: { message_id: string; unit_id: string; unit_name: string; observed_at: Date; recorded_at: Date }[] =
    await manager.query(
      `SELECT r.message_id, r.unit_id, u.name AS unit_name, r.observed_at, r.recorded_at
       FROM home_reception r JOIN directory_unit u ON u.id = r.unit_id WHERE r.thread_id = $1 ORDER BY r.observed_at`,
      [threadId],
    );
  const deviations: {
    message_id: string;
    category: string;
    reported_by_unit_id: string;
    responsible_unit_id: string;
    responsible_unit_name: string;
    responsible_organisation_id: string;
    responsible_organisation_name: string;
    state: string;
    reported_at: Date;
    closed_at: Date | null;
  }[] = await manager.query(
    `SELECT d.message_id, d.category, d.reported_by_unit_id, d.responsible_unit_id, u.name AS responsible_unit_name,
            d.responsible_organisation_id, o.name AS responsible_organisation_name, d.state, d.reported_at, d.closed_at
       FROM home_deviation d JOIN directory_unit u ON u.id = d.responsible_unit_id JOIN directory_organisation o ON o.id = d.responsible_organisation_id
      WHERE d.thread_id = $1 ORDER BY d.reported_at`,
    [threadId],
  );
  const measurements: { moment: string; measured_at: Date; safety: number | null; adl: string | null; rated_by: string | null }[] =
    await manager.query(
      'SELECT moment, measured_at, safety, adl, rated_by FROM home_measurement WHERE thread_id = $1 ORDER BY measured_at',
      [threadId],
    );
  const hourRows: { kind: string; week_from: string | null; hours: string; unit_id: string; message_id: string }[] = await manager.query(
    `SELECT h.kind, to_char(h.week_from, 'YYYY-MM-DD') AS week_from, h.hours, h.unit_id, h.message_id FROM home_hours h WHERE h.thread_id = $1`,
    [threadId],
  );
  const decisions: { decided_on: string; hours_per_week: string; insatser: string[]; message_id: string }[] = await manager.query(
    `SELECT to_char(decided_on, 'YYYY-MM-DD') AS decided_on, hours_per_week, insatser, message_id FROM home_decision WHERE thread_id = $1`,
    [threadId],
  );
  // In the order of the messages that recorded them (the timeline's, libs/threads).
  const seqs = await messageSeqs(
    manager,
    [...hourRows, ...decisions].map((r) => r.message_id),
  );
  const seq = (r: { message_id: string }) => seqs.get(r.message_id) ?? 0;
  const hours = hourRows
    .sort((a, b) => (a.week_from ?? '').localeCompare(b.week_from ?? '') || seq(a) - seq(b))
    .map(({ message_id: _m, ...h }) => h);
  const [decision] = decisions.sort((a, b) => seq(b) - seq(a)).map(({ message_id: _m, ...d }) => d);
  // The latest hemgångsbeslut not replaced by a correction.
  const payload = (await inForceOfKind(manager, [threadId], 'hemgangsbeslut')).get(threadId);
  const granted = payload
    ? { payload: payload as unknown as { beviljadeTimmar: number; per: string; giltigtFran: string; giltigtTill?: string } }
    : undefined;
  return { receptions, deviations, measurements, hours, decision, granted };
}

export async function unitName(manager: EntityManager, unitId: string): Promise<string> {
  const [row]: { name: string }[] = await manager.query('SELECT name FROM directory_unit WHERE id = $1', [unitId]);
  return row?.name ?? '';
}
