import { EntityManager, QueryFailedError } from 'typeorm';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a statement as a named prepared statement on the transaction's own `pg` connection: parsed
 * and planned once per connection instead of on every call, and without TypeORM's query building.
 * For the hot path (posting a message); TypeORM stays for the rest. Outside a transaction (no
 * connection held) it falls back to an ordinary query. Errors keep TypeORM's shape
 * (QueryFailedError with the driver's error), so retries and error mapping see no difference.
 * A name must always stand for the same text.
 */
export async function prepared<R>(manager: EntityManager, name: string, text: string, values: unknown[]): Promise<R[]> {
  const client = (manager.queryRunner as unknown as { databaseConnection?: PgClient } | undefined)?.databaseConnection;
  if (!client || !manager.queryRunner?.isTransactionActive) return manager.query(text, values);
  try {
    return (await client.query({ name, text, values })).rows as R[];
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}
