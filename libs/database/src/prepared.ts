import { EntityManager, QueryFailedError } from 'typeorm';
import type { PoolClient } from 'pg';
import { assertOpen, markCommitted, queryFramed, takeBegin, takeCommit } from './lazy-begin';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a statement as a named prepared statement on the transaction's own `pg` connection: parsed
 * and planned once per connection instead of on every call, and without TypeORM's query building.
 * For the hot path (posting a message); TypeORM stays for the rest. Outside a transaction (no
 * connection held) it falls back to an ordinary query. Errors keep TypeORM's shape
 * (QueryFailedError with the driver's error), so retries and error mapping see no difference.
 * A name must always stand for the same text. As a transaction's first statement it carries the
 * transaction's BEGIN in the same write and answer (inTransaction); named in commitWith, it carries
 * the COMMIT behind it the same way.
 */
type StatementObserver = (name: string, seconds: number) => void;
const observers = new Set<StatementObserver>();

/**
 * Each named statement's duration goes to these (the metrics library registers one: it sits
 * above this library). Returns the function that unregisters it.
 */
export function observeStatements(observer: StatementObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

export async function prepared<R>(manager: EntityManager, name: string, text: string, values: unknown[]): Promise<R[]> {
  const started = process.hrtime.bigint();
  try {
    const runner = manager.queryRunner;
    assertOpen(runner);
    const begin = takeBegin(runner);
    const commit = takeCommit(runner, name);
    if (begin || commit) {
      const connection = (await runner!.connect()) as PoolClient;
      let rows: R[];
      try {
        rows = (await queryFramed(connection, begin, commit, { name, text, values })).rows as R[];
      } catch (error) {
        throw new QueryFailedError(text, values, error as Error);
      }
      if (commit) markCommitted(runner!);
      return rows;
    }
    const client = (manager.queryRunner as unknown as { databaseConnection?: PgClient } | undefined)?.databaseConnection;
    if (!client || !manager.queryRunner?.isTransactionActive) return (await manager.query(text, values)) as R[];
    try {
      return (await client.query({ name, text, values })).rows as R[];
    } catch (error) {
      throw new QueryFailedError(text, values, error as Error);
    }
  } finally {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    observers.forEach((observe) => observe(name, seconds));
  }
}
