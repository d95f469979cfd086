-- Every SQL statement of @brygga/home-phase, by file and function (test/sql-snapshots.spec.ts).
-- Generated: `npm run sql:snapshots` rewrites it; the test fails when it is stale. ${…} is a part
-- composed in code (a fragment, an identifier or a list of placeholders).

-- src/home-phase-demo.ts · HomePhaseDemo.onApplicationBootstrap.loaded
SELECT pg_advisory_xact_lock($1);

-- src/home-phase-demo.ts · HomePhaseDemo.onApplicationBootstrap.loaded.ids
SELECT key, id FROM directory_unit UNION ALL SELECT key, id FROM directory_person WHERE key IN ('karin.lindqvist', 'maria.nilsson', 'eva.svensson', 'anna.persson');

-- src/home-phase-demo.ts · HomePhaseDemo.create
SELECT organisation_id FROM directory_unit WHERE id = $1;

-- src/home-phase.outcomes.ts · homeOutcomeRows.hourRows
SELECT h.thread_id, h.kind, h.unit_id, h.hours::float AS hours, h.message_id FROM home_hours h WHERE h.thread_id = ANY($1::uuid[]);

-- src/home-phase.outcomes.ts · homeOutcomeRows.measurements
SELECT thread_id, moment, max(safety) AS safety, max(adl) AS adl FROM home_measurement
WHERE thread_id = ANY($1::uuid[]) GROUP BY thread_id, moment;

-- src/home-phase.queries.ts · organisationOf
SELECT organisation_id FROM directory_unit WHERE id = $1;

-- src/home-phase.queries.ts · forgetMessage
DELETE FROM ${table} WHERE thread_id = $1 AND message_id = $2;

-- src/home-phase.queries.ts · forgetMessage
DELETE FROM home_period WHERE thread_id = $1 AND message_id = $2;

-- src/home-phase.queries.ts · forgetMessage
UPDATE home_period SET handover_message_id = NULL, handed_over_on = NULL, handed_over_to = NULL WHERE thread_id = $1 AND handover_message_id = $2;

-- src/home-phase.queries.ts · insertReception
INSERT INTO home_reception (message_id, thread_id, unit_id, observed_at, recorded_at) VALUES ($1, $2, $3, $4, $5);

-- src/home-phase.queries.ts · insertDeviation
INSERT INTO home_deviation (message_id, thread_id, reported_by_unit_id, category, responsible_unit_id, responsible_organisation_id, reported_at)
VALUES ($1, $2, $3, $4, $5, $6, $7);

-- src/home-phase.queries.ts · deviation
SELECT message_id, responsible_organisation_id, state FROM home_deviation WHERE thread_id = $1 AND message_id = $2;

-- src/home-phase.queries.ts · closeDeviation
UPDATE home_deviation SET state = $3, closed_by_message_id = $4, closed_at = $5 WHERE thread_id = $1 AND message_id = $2 AND state = 'oppen';

-- src/home-phase.queries.ts · period
SELECT message_id, to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(planned_end_date, 'YYYY-MM-DD') AS planned_end_date,
carrying_unit_id, goals, handover_message_id, to_char(handed_over_on, 'YYYY-MM-DD') AS handed_over_on, handed_over_to
FROM home_period WHERE thread_id = $1;

-- src/home-phase.queries.ts · insertPeriod
INSERT INTO home_period (thread_id, message_id, start_date, planned_end_date, carrying_unit_id, goals) VALUES ($1, $2, $3, $4, $5, $6::jsonb);

-- src/home-phase.queries.ts · handOver
UPDATE home_period SET handover_message_id = $2, handed_over_on = $3, handed_over_to = $4 WHERE thread_id = $1;

-- src/home-phase.queries.ts · measuredValues
SELECT bool_or(safety IS NOT NULL) AS safety, bool_or(adl IS NOT NULL) AS adl FROM home_measurement WHERE thread_id = $1 AND moment = $2;

-- src/home-phase.queries.ts · insertMeasurement
INSERT INTO home_measurement (message_id, thread_id, moment, measured_at, safety, adl, rated_by) VALUES ($1, $2, $3, $4, $5, $6, $7);

-- src/home-phase.queries.ts · deliveredWeekTaken.rows
SELECT 1 FROM home_hours WHERE thread_id = $1 AND unit_id = $2 AND kind = 'levererade' AND week_from = $3;

-- src/home-phase.queries.ts · insertHours
INSERT INTO home_hours (message_id, thread_id, unit_id, kind, week_from, hours) VALUES ($1, $2, $3, $4, $5, $6);

-- src/home-phase.queries.ts · insertDecision
INSERT INTO home_decision (message_id, thread_id, decided_on, hours_per_week, insatser) VALUES ($1, $2, $3, $4, $5::jsonb);

-- src/home-phase.queries.ts · openWork
SELECT EXISTS (SELECT 1 FROM home_period WHERE thread_id = $1 AND handover_message_id IS NULL) AS running,
(SELECT count(*)::int FROM home_deviation WHERE thread_id = $1 AND state = 'oppen') AS open;

-- src/home-phase.queries.ts · summaryRows.receptions
SELECT r.message_id, r.unit_id, u.name AS unit_name, r.observed_at, r.recorded_at
FROM home_reception r JOIN directory_unit u ON u.id = r.unit_id WHERE r.thread_id = $1 ORDER BY r.observed_at;

-- src/home-phase.queries.ts · summaryRows.deviations
SELECT d.message_id, d.category, d.reported_by_unit_id, d.responsible_unit_id, u.name AS responsible_unit_name,
d.responsible_organisation_id, o.name AS responsible_organisation_name, d.state, d.reported_at, d.closed_at
FROM home_deviation d JOIN directory_unit u ON u.id = d.responsible_unit_id JOIN directory_organisation o ON o.id = d.responsible_organisation_id
WHERE d.thread_id = $1 ORDER BY d.reported_at;

-- src/home-phase.queries.ts · summaryRows.measurements
SELECT moment, measured_at, safety, adl, rated_by FROM home_measurement WHERE thread_id = $1 ORDER BY measured_at;

-- src/home-phase.queries.ts · summaryRows.hourRows
SELECT h.kind, to_char(h.week_from, 'YYYY-MM-DD') AS week_from, h.hours, h.unit_id, h.message_id FROM home_hours h WHERE h.thread_id = $1;

-- src/home-phase.queries.ts · summaryRows.decisions
SELECT to_char(decided_on, 'YYYY-MM-DD') AS decided_on, hours_per_week, insatser, message_id FROM home_decision WHERE thread_id = $1;

-- src/home-phase.queries.ts · unitName
SELECT name FROM directory_unit WHERE id = $1;

-- src/task-sources.ts · deviationTasks
SELECT 'avvikelse'::text AS kind, d.thread_id, s.unit_id, d.message_id AS ref_id, NULL::timestamptz AS due_at, d.reported_at AS sort_at,
'avvikelse:' || d.message_id || ':' || s.unit_id AS key, jsonb_build_object('kategori', d.category) AS detail
FROM home_deviation d JOIN ${TASK_SCOPE} s ON s.thread_id = d.thread_id AND s.unit_id = d.responsible_unit_id
WHERE d.state = 'oppen';
