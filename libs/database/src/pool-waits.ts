import type { Pool, PoolClient } from 'pg';

type ConnectCallback = (err: Error | undefined, client: PoolClient | undefined, done: (release?: unknown) => void) => void;

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
    if (!callback) return connect()!.finally(waited);
    return connect((err, client, done) => {
      waited();
      callback(err, client, done);
    });
  }) as Pool['connect'];
  return true;
}
