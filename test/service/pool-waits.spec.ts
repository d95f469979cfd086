import { Pool, type PoolClient } from 'pg';
import { POOL_ACQUIRE_TIMEOUT } from '@brygga/common';
import { measurePoolWaits } from '../../libs/database/src/pool-waits';

/** On the test run's PostgreSQL (test/support/global-setup.ts): a pool of one connection. */
describe('measurePoolWaits', () => {
  let pool: Pool;
  const waits: number[] = [];

  beforeAll(() => {
    pool = new Pool({ connectionString: process.env.BRYGGA_TEST_ADMIN_URL, max: 1 });
    measurePoolWaits(pool, (seconds) => waits.push(seconds));
  });
  afterAll(() => pool.end());

  it('reports nothing for a checkout that finds a connection, and the time of one that queued', async () => {
    await pool.query('SELECT 1');
    expect(waits).toEqual([]);
    const held = await pool.connect();
    const queued = pool.query('SELECT 1'); // no connection free, none may be opened: it waits
    await new Promise((r) => setTimeout(r, 100));
    held.release();
    await queued;
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(0.09);
    // TypeORM checks out with a callback: measured the same way.
    const again = await pool.connect();
    const viaCallback = new Promise<void>((resolve, reject) =>
      pool.connect((error, client, done) => (error ? reject(error) : (done(), resolve()))),
    );
    again.release();
    await viaCallback;
    expect(waits).toHaveLength(2);
  });

  it('names a checkout that timed out waiting for a busy pool as such, not as an unreachable server', async () => {
    const small = new Pool({ connectionString: process.env.BRYGGA_TEST_ADMIN_URL, max: 1, connectionTimeoutMillis: 500 });
    measurePoolWaits(small, () => undefined);
    // The one connection: on a machine loaded by the rest of the suite, opening it may itself take
    // longer than the short timeout this test needs for the waits (CI saw it), so it may try again.
    let held: PoolClient | undefined;
    for (let attempt = 1; !held; attempt++)
      held = await small.connect().catch((error: unknown) => (attempt < 10 ? undefined : Promise.reject(error)));
    try {
      await expect(small.query('SELECT 1')).rejects.toMatchObject({ code: POOL_ACQUIRE_TIMEOUT });
      await expect(new Promise((resolve, reject) => small.connect((e) => (e ? reject(e) : resolve(e))))).rejects.toMatchObject({
        code: POOL_ACQUIRE_TIMEOUT,
      });
    } finally {
      held.release();
      await small.end();
    }
  });
});
