import { DataSource, EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

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
 */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  options: TransactionOptions | TransactionOptions['retryIf'] = {},
): Promise<T> {
  const { retryIf, isolation } = typeof options === 'function' ? { retryIf: options, isolation: undefined } : options;
  for (let attempt = 1; ; attempt++) {
    try {
      // eslint-disable-next-line no-restricted-syntax -- the helper itself
      return await (isolation ? dataSource.transaction(isolation, work) : dataSource.transaction(work));
    } catch (error) {
      if (attempt >= ATTEMPTS || !(isRetryable(error) || retryIf?.(error))) throw error;
    }
  }
}

/** A serialization failure or deadlock: PostgreSQL rolled the transaction back, a new one may pass. */
function isRetryable(error: unknown): boolean {
  const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (error as { code?: string }).code;
  return code !== undefined && RETRYABLE.has(code);
}
