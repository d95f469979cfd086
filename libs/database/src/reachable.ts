import { ConfigError } from '@brygga/common';
import { Client } from 'pg';

/**
 * At start, one clear line that names DATABASE_URL when it leads nowhere, instead of TypeORM's
 * ten retry lines and a stack trace. Tries for a few seconds: a database starting beside the api
 * (compose, a pod) gets that long to answer.
 */
export async function assertDatabaseReachable(url: string, tries = 5, delayMs = 1_000): Promise<void> {
  let last: unknown;
  for (let attempt = 1; attempt <= tries; attempt++) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      last = error;
      await client.end().catch(() => undefined);
    }
    if (attempt < tries) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  const code = (last as { code?: string } | undefined)?.code;
  const reason = code ?? (last instanceof Error ? last.message : String(last));
  throw new ConfigError(`DATABASE_URL: the database at ${addressOf(url)} cannot be reached (${reason})`);
}

/** Host, port and database, never the user's password. */
function addressOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}/${parsed.pathname.slice(1)}`;
  } catch {
    return 'the given address';
  }
}
