import type { EntityManager } from 'typeorm';
import { messagesOfKind } from '@brygga/threads';

/** The SIP plan's SQL. */

export interface VersionRow {
  id: string;
  version: number;
  content: Record<string, unknown>;
  created_at: Date;
  unit_name: string;
}

export async function latestVersion(manager: EntityManager, threadId: string): Promise<VersionRow | undefined> {
  const [row]: VersionRow[] = await manager.query(
    `SELECT v.id, v.version, v.content, v.created_at, u.name AS unit_name FROM sip_plan_version v JOIN directory_unit u ON u.id = v.created_by_unit_id
      WHERE v.thread_id = $1 ORDER BY v.version DESC LIMIT 1`,
    [threadId],
  );
  return row;
}

export async function history(
  manager: EntityManager,
  threadId: string,
): Promise<{ version: number; created_at: Date; unit_name: string }[]> {
  return manager.query(
    `SELECT v.version, v.created_at, u.name AS unit_name FROM sip_plan_version v JOIN directory_unit u ON u.id = v.created_by_unit_id
      WHERE v.thread_id = $1 ORDER BY v.version DESC`,
    [threadId],
  );
}

export async function insertVersion(
  manager: EntityManager,
  row: { threadId: string; version: number; content: object; userId: string; unitId: string },
): Promise<void> {
  await manager.query(
    'INSERT INTO sip_plan_version (thread_id, version, content, created_by_user_id, created_by_unit_id) VALUES ($1, $2, $3::jsonb, $4, $5)',
    [row.threadId, row.version, JSON.stringify(row.content), row.userId, row.unitId],
  );
}

/** The units summoned to SIP in the thread, and those who summoned them; null when nobody has been summoned. */
export async function summonedUnits(manager: EntityManager, threadId: string): Promise<Set<string> | null> {
  const summons = await messagesOfKind(manager, threadId, 'sip_kallelse');
  if (!summons.length) return null;
  const invited = (payload: Record<string, unknown> | null): string[] => {
    const units = payload?.inbjudnaEnheter;
    return Array.isArray(units) ? units.map(String) : [];
  };
  return new Set(summons.flatMap((s) => [s.authorUnitId, ...invited(s.payload)]));
}

export async function acceptances(
  manager: EntityManager,
  versionId: string,
): Promise<{ unit_id: string; unit_name: string; accepted_at: Date }[]> {
  return manager.query(
    `SELECT a.unit_id, u.name AS unit_name, a.accepted_at FROM sip_plan_acceptance a JOIN directory_unit u ON u.id = a.unit_id
      WHERE a.version_id = $1 ORDER BY a.accepted_at`,
    [versionId],
  );
}

export async function insertAcceptance(manager: EntityManager, versionId: string, unitId: string, userId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    'INSERT INTO sip_plan_acceptance (version_id, unit_id, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING unit_id',
    [versionId, unitId, userId],
  );
  return rows.length > 0;
}

export async function insertEntry(
  manager: EntityManager,
  row: {
    threadId: string;
    versionId: string;
    kind: string;
    heldOn: string;
    text: string;
    goalResults: string[];
    userId: string;
    unitId: string;
  },
): Promise<void> {
  await manager.query(
    `INSERT INTO sip_plan_entry (thread_id, version_id, kind, held_on, text, goal_results, created_by_user_id, created_by_unit_id)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)`,
    [row.threadId, row.versionId, row.kind, row.heldOn, row.text, JSON.stringify(row.goalResults), row.userId, row.unitId],
  );
}

export async function entries(manager: EntityManager, threadId: string) {
  const rows: {
    id: string;
    version: number;
    kind: string;
    held_on: string;
    text: string;
    goal_results: string[];
    unit_name: string;
    created_at: Date;
  }[] = await manager.query(
    `SELECT e.id, v.version, e.kind, to_char(e.held_on, 'YYYY-MM-DD') AS held_on, e.text, e.goal_results, u.name AS unit_name, e.created_at
       FROM sip_plan_entry e JOIN sip_plan_version v ON v.id = e.version_id JOIN directory_unit u ON u.id = e.created_by_unit_id
      WHERE e.thread_id = $1 ORDER BY e.held_on, e.created_at`,
    [threadId],
  );
  return rows;
}

export async function unitNames(manager: EntityManager, ids: string[]): Promise<Map<string, { name: string; organisation: string }>> {
  const rows: { id: string; name: string; organisation: string }[] = await manager.query(
    'SELECT u.id, u.name, u.organisation_name AS organisation FROM directory_unit u WHERE u.id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, { name: r.name, organisation: r.organisation }]));
}
