import type { EntityManager } from 'typeorm';

/**
 * Where Brygga sends a unit's FHIR messages: the endpoint of the unit's first registered system
 * that has one and is not disabled. For libs/fhir, which names no table of this library.
 */

/** The units with a system that receives messages. */
export async function unitsWithEndpoint(manager: EntityManager): Promise<Set<string>> {
  const rows: { unit_id: string }[] = await manager.query(
    'SELECT DISTINCT unit_id FROM system_client WHERE endpoint_url IS NOT NULL AND disabled_at IS NULL',
  );
  return new Set(rows.map((r) => r.unit_id));
}

/** Each unit's endpoint, for those of the units that have one (every unit's, without a list). */
export async function endpointsOf(manager: EntityManager, unitIds?: readonly string[]): Promise<Map<string, string>> {
  if (unitIds && !unitIds.length) return new Map();
  const rows: { unit_id: string; endpoint_url: string }[] = await manager.query(
    `SELECT DISTINCT ON (unit_id) unit_id, endpoint_url FROM system_client
      WHERE ($1::uuid[] IS NULL OR unit_id = ANY($1::uuid[])) AND endpoint_url IS NOT NULL AND disabled_at IS NULL
      ORDER BY unit_id, created_at`,
    [unitIds ? [...new Set(unitIds)] : null],
  );
  return new Map(rows.map((r) => [r.unit_id, r.endpoint_url]));
}
