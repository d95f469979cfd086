import type { EntityManager } from 'typeorm';

/** What the statistics' outcome figures read of the SIP plans, for a set of threads. */
export interface SipOutcomeRows {
  versions: Map<string, { version: number; motesdatum: string; plats: string; typ: string }[]>;
  /** The latest evaluation's result per goal. */
  goalResults: Map<string, string[]>;
}

export async function sipOutcomeRows(manager: EntityManager, threadIds: string[]): Promise<SipOutcomeRows> {
  const versions: { thread_id: string; version: number; motesdatum: string; plats: string; typ: string }[] = await manager.query(
    `SELECT thread_id, version, content->>'motesdatum' AS motesdatum, content->>'plats' AS plats, content->>'typ' AS typ
       FROM sip_plan_version WHERE thread_id = ANY($1::uuid[])`,
    [threadIds],
  );
  const evaluations: { thread_id: string; goal_results: string[] }[] = await manager.query(
    `SELECT DISTINCT ON (thread_id) thread_id, goal_results FROM sip_plan_entry
      WHERE thread_id = ANY($1::uuid[]) AND kind = 'utvardering' ORDER BY thread_id, held_on DESC, created_at DESC`,
    [threadIds],
  );
  const byThread = new Map<string, SipOutcomeRows['versions'] extends Map<string, infer V> ? V : never>();
  for (const { thread_id, ...v } of versions) byThread.set(thread_id, [...(byThread.get(thread_id) ?? []), v]);
  return { versions: byThread, goalResults: new Map(evaluations.map((e) => [e.thread_id, e.goal_results])) };
}
