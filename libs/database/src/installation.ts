import { randomUUID } from 'node:crypto';

/** Runs one statement (TypeORM's DataSource.query, or pg's client.query(...).rows). */
export type Query = (sql: string, params?: unknown[]) => Promise<unknown[]>;

/**
 * This installation's stable id: made once, at the first start on an empty database (whichever node
 * or tool gets there first; the others read the same row), and kept for good. A restore of a backup
 * keeps it: the restored database is the same installation, its access log continues. Only
 * `npm run audit:restored -- --new-installation` gives a copy an id of its own (a copy that runs
 * beside its original must not share its Redis channels or checkpoints).
 */
export async function installationId(query: Query): Promise<string> {
  await query('INSERT INTO installation (id) VALUES ($1) ON CONFLICT (one) DO NOTHING', [randomUUID()]);
  const [row] = (await query('SELECT id FROM installation', [])) as { id: string }[];
  return row.id;
}

/** The prefix of every Redis channel this installation's nodes use (the socket.io Redis adapter's key). */
export function redisChannelPrefix(installation: string): string {
  return `brygga:${installation}`;
}
