import type { EntityManager } from 'typeorm';

/** Attachments waiting for a virus scan (clamd was unreachable), and how long the oldest has waited. */
export async function scanBacklog(manager: EntityManager): Promise<{ waiting: number; oldestSeconds: number }> {
  const [row]: { waiting: string; oldest: number | null }[] = await manager.query(
    `SELECT count(*)::text AS waiting, extract(epoch FROM now() - min(created_at))::float8 AS oldest
       FROM attachment WHERE state = 'scan_pending'`,
  );
  return { waiting: Number(row.waiting), oldestSeconds: row.oldest ?? 0 };
}
