-- Every SQL statement of @brygga/plan, by file and function (test/sql-snapshots.spec.ts).
-- Generated: `npm run sql:snapshots` rewrites it; the test fails when it is stale. ${…} is a part
-- composed in code (a fragment, an identifier or a list of placeholders).

-- src/plan.service.ts · LATEST_VERSION
SELECT v.version, v.content, v.published_at, v.published_by_unit_id, v.published_by_user_id
FROM plan_version v WHERE v.thread_id = $1 ORDER BY v.version DESC LIMIT 1;

-- src/plan.service.ts · PlanService.publish.result
SELECT max(version) AS current FROM plan_version WHERE thread_id = $1;

-- src/plan.service.ts · PlanService.publishedPlansForPatient.threads
SELECT thread_id FROM plan_version WHERE patient_id = $1 GROUP BY thread_id ORDER BY max(published_at) DESC;
