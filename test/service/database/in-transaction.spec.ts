import { DataSource } from 'typeorm';
import { inTransaction } from '@brygga/database';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/**
 * The one transaction helper against real PostgreSQL: a real deadlock and a real serialization
 * failure are run again, other errors are not, and a failure that keeps coming gives up.
 */
describe('inTransaction', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    // As superuser: deadlock_timeout may then be shortened per transaction (detection takes 1 s by default).
    dataSource = new DataSource({ type: 'postgres', url: db.superuserUrl, poolSize: 4 });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE tx_probe (id int PRIMARY KEY, n int NOT NULL)');
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });
  beforeEach(() => dataSource.query('TRUNCATE tx_probe; INSERT INTO tx_probe VALUES (1, 0), (2, 0)'));

  /** A promise both sides wait on: each has taken its first lock when it resolves. */
  function barrier(parties: number): () => Promise<void> {
    let arrived = 0;
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return () => {
      if (++arrived === parties) open();
      return opened;
    };
  }

  it('runs a transaction that lost a deadlock again, and both sides commit once', async () => {
    const bothLocked = barrier(2);
    const attempts = { a: 0, b: 0 };
    const side = (name: 'a' | 'b', first: number, second: number) =>
      inTransaction(dataSource, async (m) => {
        const attempt = ++attempts[name];
        await m.query(`SET LOCAL deadlock_timeout = '50ms'`);
        await m.query('UPDATE tx_probe SET n = n + 1 WHERE id = $1', [first]);
        if (attempt === 1) await bothLocked(); // each holds one row and now wants the other's
        await m.query('UPDATE tx_probe SET n = n + 1 WHERE id = $1', [second]);
        return attempt;
      });
    const [a, b] = await Promise.all([side('a', 1, 2), side('b', 2, 1)]);
    // PostgreSQL aborts exactly one of them (40P01); that one ran a second time.
    expect([a, b].sort()).toEqual([1, 2]);
    const rows: { id: number; n: number }[] = await dataSource.query('SELECT id, n FROM tx_probe ORDER BY id');
    expect(rows).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ]);
  });

  it('runs a serializable transaction that failed to serialize again, at the isolation level asked for', async () => {
    const bothRead = barrier(2);
    const levels: string[] = [];
    const side = (id: number) =>
      inTransaction(
        dataSource,
        async (m) => {
          const [{ level }]: { level: string }[] = await m.query(`SELECT current_setting('transaction_isolation') AS level`);
          levels.push(level);
          // Write skew: each reads both rows, then writes one of them; one of the two must fail (40001).
          const [{ total }]: { total: number }[] = await m.query('SELECT sum(n)::int AS total FROM tx_probe');
          if (levels.length <= 2) await bothRead();
          await m.query('UPDATE tx_probe SET n = $2 WHERE id = $1', [id, total + 1]);
        },
        { isolation: 'SERIALIZABLE' },
      );
    await Promise.all([side(1), side(2)]);
    expect(levels).toEqual(['serializable', 'serializable', 'serializable']);
    const rows: { n: number }[] = await dataSource.query('SELECT n FROM tx_probe ORDER BY id');
    expect(rows.map((r) => r.n).sort()).toEqual([1, 2]); // the retry saw the other's commit
  });

  it('does not run work again for an error that is not a deadlock or serialization failure', async () => {
    let attempts = 0;
    await expect(
      inTransaction(dataSource, async (m) => {
        attempts += 1;
        await m.query('INSERT INTO tx_probe VALUES (1, 0)'); // unique violation, 23505
      }),
    ).rejects.toMatchObject({ driverError: { code: '23505' } });
    expect(attempts).toBe(1);
  });

  it('runs again on an error the caller names, and gives up after the third attempt, rolling each back', async () => {
    let attempts = 0;
    const named = new Error('try again');
    await expect(
      inTransaction(
        dataSource,
        async (m) => {
          attempts += 1;
          await m.query('UPDATE tx_probe SET n = n + 1 WHERE id = 1');
          throw named;
        },
        { retryIf: (error) => error === named },
      ),
    ).rejects.toBe(named);
    expect(attempts).toBe(3);
    const [{ n }]: { n: number }[] = await dataSource.query('SELECT n FROM tx_probe WHERE id = 1');
    expect(n).toBe(0);
  });
});
