import { Pool } from 'pg';
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
});
