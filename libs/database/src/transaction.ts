import { DataSource, EntityManager, QueryFailedError, type QueryRunner } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import type { PoolClient } from 'pg';
import { assertOpen, beginLazily, beginPending, committedByStatement, takeBegin } from './lazy-begin';

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock
const ATTEMPTS = 3;

export interface TransactionOptions {
  /** Another error worth a fresh start (e.g. a post racing its own retry). */
  retryIf?: (error: unknown) => boolean;
  /** READ COMMITTED (PostgreSQL's default) unless named. */
  isolation?: IsolationLevel;
}

/**
 * The one way to run a transaction: work runs in one, and the rare serialization failure or
 * deadlock (or an error the caller names, `retryIf`) rolls it back and runs it again, at most three
 * times in all. Work may therefore run more than once: it must keep its side effects outside the
 * database (events, files, counters) until the transaction has committed, or start them afresh
 * on each attempt. (The access-log sealer alone runs its own, on one connection that holds a session
 * lock across it: libs/audit/src/audit-chain.sealer.ts.)
 *
 * BEGIN is not a round trip of its own: it goes out with the transaction's first statement (a
 * named statement from `prepared` shares its write and its answer; a TypeORM query is preceded by
 * it). COMMIT and ROLLBACK go straight to the connection. A transaction that sent nothing sends
 * neither, and one whose last statement carried COMMIT (commitWith) sends no other. With entity subscribers registered (none are), TypeORM's own transaction runs instead,
 * so their transaction events still come.
 */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  options: TransactionOptions | TransactionOptions['retryIf'] = {},
): Promise<T> {
  const { retryIf, isolation } = typeof options === 'function' ? { retryIf: options, isolation: undefined } : options;
  for (let attempt = 1; ; attempt++) {
    try {
      if (dataSource.subscribers.length) {
        // eslint-disable-next-line no-restricted-syntax -- the helper itself
        return await (isolation ? dataSource.transaction(isolation, work) : dataSource.transaction(work));
      }
      return await transaction(dataSource, work, isolation);
    } catch (error) {
      if (attempt >= ATTEMPTS || !(isRetryable(error) || retryIf?.(error))) throw error;
    }
  }
}

/** TypeORM's query runner's state, which its own startTransaction would have set. */
interface RunnerState {
  isTransactionActive: boolean;
  transactionDepth: number;
  query: QueryRunner['query'];
}

async function transaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  isolation?: IsolationLevel,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  const state = runner as unknown as RunnerState;
  state.isTransactionActive = true;
  state.transactionDepth = 1;
  beginLazily(runner, isolation ? `BEGIN ISOLATION LEVEL ${isolation}` : 'BEGIN');
  // TypeORM's own statements (entity manager, query builder, manager.query) send the BEGIN first if it is still due.
  const query = state.query;
  state.query = async function (this: QueryRunner, ...args: Parameters<QueryRunner['query']>) {
    assertOpen(runner);
    const begin = takeBegin(runner);
    if (begin) await query.call(runner, begin);
    return query.apply(runner, args);
  } as QueryRunner['query'];
  try {
    const result = await work(runner.manager);
    await end(runner, 'COMMIT');
    return result;
  } catch (error) {
    // A failed COMMIT has ended the transaction already; anything else leaves it to roll back.
    if (state.isTransactionActive) {
      try {
        await end(runner, 'ROLLBACK');
      } catch {
        // The work's error is the one to report (a failed rollback ends with the connection anyway).
      }
    }
    throw error;
  } finally {
    await runner.release();
  }
}

/** COMMIT or ROLLBACK on the runner's connection, unless nothing was sent. */
async function end(runner: QueryRunner, statement: 'COMMIT' | 'ROLLBACK'): Promise<void> {
  const state = runner as unknown as RunnerState;
  const sent = !beginPending(runner) && !committedByStatement(runner);
  takeBegin(runner);
  state.isTransactionActive = false;
  state.transactionDepth = 0;
  if (!sent) return;
  const client = (await runner.connect()) as PoolClient;
  try {
    await client.query(statement);
  } catch (error) {
    throw new QueryFailedError(statement, [], error as Error);
  }
}

/** A serialization failure or deadlock: PostgreSQL rolled the transaction back, a new one may pass. */
function isRetryable(error: unknown): boolean {
  const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (error as { code?: string }).code;
  return code !== undefined && RETRYABLE.has(code);
}
