import type { EntityManager } from 'typeorm';

/** The parts of the current SIP plan that Min hemgång shows the person: goals, insatser, the next meeting. */
export interface PublishedSipPlan {
  mal: string[];
  insatser: { vad: string; enhetNamn: string; fran: string; hurOfta: string }[];
  uppfoljningsdatum: string;
  createdAt: string;
}

export async function publishedSipPlan(manager: EntityManager, threadId: string): Promise<PublishedSipPlan | null> {
  const [row]: { content: Record<string, unknown>; created_at: Date }[] = await manager.query(
    'SELECT content, created_at FROM sip_plan_version WHERE thread_id = $1 ORDER BY version DESC LIMIT 1',
    [threadId],
  );
  if (!row) return null;
  const content = row.content as {
    mal: string[];
    insatser: { vad: string; enhetId: string; fran: string; hurOfta: string }[];
    uppfoljningsdatum: string;
  };
  const ids = content.insatser.map((i) => i.enhetId);
  const units: { id: string; name: string }[] = ids.length
    ? await manager.query('SELECT id, name FROM directory_unit WHERE id = ANY($1::uuid[])', [ids])
    : [];
  const name = new Map(units.map((u) => [u.id, u.name]));
  return {
    mal: content.mal,
    insatser: content.insatser.map((i) => ({ vad: i.vad, enhetNamn: name.get(i.enhetId) ?? '', fran: i.fran, hurOfta: i.hurOfta })),
    uppfoljningsdatum: content.uppfoljningsdatum,
    createdAt: row.created_at.toISOString(),
  };
}
