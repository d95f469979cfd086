import type { EntityManager } from 'typeorm';

/**
 * The directory's answers for other libraries, in the caller's transaction: they name units, users
 * and memberships through these instead of the directory's tables (test/table-ownership.spec.ts).
 */

/** Each user's display name ("given family"), by id; ids not found are absent. */
export async function userNames(manager: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows: { id: string; name: string }[] = await manager.query(
    `SELECT id, given_name || ' ' || family_name AS name FROM app_user WHERE id = ANY($1::uuid[])`,
    [[...new Set(ids)]],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Each unit's name, by id; ids not found are absent. */
export async function unitNames(manager: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows: { id: string; name: string }[] = await manager.query('SELECT id, name FROM unit WHERE id = ANY($1::uuid[])', [
    [...new Set(ids)],
  ]);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Each unit's organisation, by unit id (registered as the access log's AuditFacts.unitOrganisations); ids not found are absent. */
export async function unitOrganisations(manager: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows: { id: string; organisation_id: string }[] = await manager.query(
    'SELECT id, organisation_id FROM unit WHERE id = ANY($1::uuid[])',
    [[...new Set(ids)]],
  );
  return new Map(rows.map((r) => [r.id, r.organisation_id]));
}

/** The users with this HSA-id or personnummer (the log review's search for a person). */
export async function userIdsByHsaIdOrPersonnummer(manager: EntityManager, value: string): Promise<string[]> {
  const rows: { id: string }[] = await manager.query('SELECT id FROM app_user WHERE hsa_id = $1 OR personnummer = $1', [value]);
  return rows.map((r) => r.id);
}

/** The ids of the units of the organisations, by unit name. */
export async function organisationUnitIds(manager: EntityManager, organisationIds: readonly string[]): Promise<string[]> {
  if (!organisationIds.length) return [];
  const rows: { id: string }[] = await manager.query('SELECT id FROM unit WHERE organisation_id = ANY($1::uuid[]) ORDER BY name, id', [
    organisationIds,
  ]);
  return rows.map((r) => r.id);
}

/** The units with one of these HSA-ids. */
export async function unitIdsByHsaId(manager: EntityManager, hsaIds: readonly string[]): Promise<string[]> {
  if (!hsaIds.length) return [];
  const rows: { id: string }[] = await manager.query('SELECT id FROM unit WHERE hsa_id = ANY($1::text[])', [hsaIds]);
  return rows.map((r) => r.id);
}

/** A unit's name and HSA-id; undefined for an unknown unit. */
export async function unitCard(manager: EntityManager, unitId: string): Promise<{ name: string; hsaId: string | null } | undefined> {
  const [row]: { name: string; hsa_id: string | null }[] = await manager.query('SELECT name, hsa_id FROM unit WHERE id = $1', [unitId]);
  return row && { name: row.name, hsaId: row.hsa_id };
}

/** Which of the users hold a membership in one of the roles. */
export async function usersInRoles(manager: EntityManager, userIds: readonly string[], roles: readonly string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows: { user_id: string }[] = await manager.query(
    'SELECT DISTINCT user_id FROM membership WHERE user_id = ANY($1::uuid[]) AND role = ANY($2::text[])',
    [[...new Set(userIds)], roles],
  );
  return new Set(rows.map((r) => r.user_id));
}
