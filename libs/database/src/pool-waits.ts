import type { Pool, PoolClient } from 'pg';
import { POOL_ACQUIRE_TIMEOUT } from '@brygga/common';

type ConnectCallback = (err: Error | undefined, client: PoolClient | undefined, done: (release?: unknown) => void) => void;

/**
 * pg-pool says "timeout exceeded when trying to connect" both when the server does not answer and
 * when every connection is busy. A checkout that queued and timed out is the second: the database
 * answers, this node is busy (a 503 for that request, not an outage: issue 30).
 */
function acquireTimeout<E>(error: E): E | Error {
  if (!(error instanceof Error) || !error.message.startsWith('timeout exceeded when trying to connect')) return error;
  return Object.assign(new Error('timed out waiting for a free connection in the pool'), { code: POOL_ACQUIRE_TIMEOUT });
}

/**
 * Reports how long a checkout waited for a connection when the pool had none idle and could open
 * no more (it queued): brygga_db_pool_wait_seconds. A checkout that found one is no wait. Every
 * checkout passes here: TypeORM's and pool.query's go through pool.connect.
 */
export function measurePoolWaits(pool: Pool, report: (seconds: number) => void): true {
  const connect = pool.connect.bind(pool) as (callback?: ConnectCallback) => Promise<PoolClient> | undefined;
  const max = (pool as unknown as { options: { max: number } }).options.max;
  pool.connect = ((callback?: ConnectCallback) => {
    if (pool.idleCount > 0 || pool.totalCount < max) return connect(callback);
    const started = process.hrtime.bigint();
    const waited = () => report(Number(process.hrtime.bigint() - started) / 1e9);
    if (!callback)
      return connect()!.then(
        (client) => (waited(), client),
        (error: unknown) => {
          waited();
          throw acquireTimeout(error);
        },
      );
    return connect((err, client, done) => {
      waited();
      callback(err && acquireTimeout(err), client, done);
    });
  }) as Pool['connect'];
  return true;
}
