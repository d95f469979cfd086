import { DataSource, type EntityManager } from 'typeorm';
import { commitWith, inTransaction, prepared } from '@brygga/database';
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

  type Writable = { write: (chunk: Buffer, ...rest: unknown[]) => boolean; cork: () => void; uncork: () => void };
  type Connect = (callback: (error: Error | undefined, client: { connection: { stream: Writable } }, release: unknown) => void) => void;

  /** The messages sent on the connections TypeORM checks out, by their one-letter type; '|' ends each write to the socket. */
  function wireMessages(): { messages: string[]; stop: () => void } {
    const messages: string[] = [];
    const pool = (dataSource.driver as unknown as { master: { connect: Connect } }).master;
    const connect = pool.connect;
    const originals = new Map<Writable, Pick<Writable, 'write' | 'cork' | 'uncork'>>();
    const watch = (stream: Writable) => {
      if (originals.has(stream)) return;
      const { write, cork, uncork } = stream;
      originals.set(stream, { write, cork, uncork });
      let corked = 0;
      stream.cork = function (this: Writable) {
        corked++;
        return cork.call(this);
      };
      stream.uncork = function (this: Writable) {
        if (--corked === 0) messages.push('|'); // pg corks the messages of one query: they leave in one write
        return uncork.call(this);
      };
      stream.write = function (this: Writable, chunk: Buffer, ...rest: unknown[]) {
        // Frontend messages: a type byte and a 4-byte length that counts itself.
        for (let at = 0; at < chunk.length; at += 1 + chunk.readInt32BE(at + 1)) messages.push(String.fromCharCode(chunk[at]));
        if (!corked) messages.push('|');
        return write.call(this, chunk, ...rest);
      };
    };
    // TypeORM checks out with a callback.
    pool.connect = (callback) =>
      connect.call(pool, (error, client, release) => {
        if (client) watch(client.connection.stream);
        callback(error, client, release);
      });
    return {
      messages,
      stop: () => {
        pool.connect = connect;
        for (const [stream, original] of originals) Object.assign(stream, original);
      },
    };
  }

  it('sends BEGIN in the same write as the first named statement, and both run in one transaction', async () => {
    const wire = wireMessages();
    try {
      const [first, second] = await inTransaction(dataSource, async (m) => {
        const [a] = await prepared<{ tx: string }>(m, 'probe-txid', 'SELECT txid_current()::text AS tx WHERE $1::int = 1', [1]);
        const [b]: { tx: string }[] = await m.query('SELECT txid_current()::text AS tx');
        return [a.tx, b.tx];
      });
      expect(second).toBe(first); // BEGIN took effect before the first statement
      // BEGIN (Parse, Bind, Execute) and the statement (Parse, Bind, Describe, Execute, Sync) in one write; then the TypeORM query and COMMIT (simple queries).
      expect(wire.messages.join('').split('|').filter(Boolean)).toEqual(['PBEPBDES', 'Q', 'Q']);
    } finally {
      wire.stop();
    }
  });

  it('sends BEGIN before a TypeORM query that comes first, and sends nothing for a transaction that ran no statement', async () => {
    const wire = wireMessages();
    try {
      const tx = await inTransaction(dataSource, async (m) => {
        const [a]: { tx: string }[] = await m.query('SELECT txid_current()::text AS tx');
        const [b] = await prepared<{ tx: string }>(m, 'probe-txid', 'SELECT txid_current()::text AS tx WHERE $1::int = 1', [1]);
        expect(b.tx).toBe(a.tx);
        return a.tx;
      });
      expect(tx).toMatch(/^\d+$/);
      const writes = wire.messages.length;
      expect(await inTransaction(dataSource, async () => 'nothing sent')).toBe('nothing sent');
      expect(wire.messages).toHaveLength(writes);
    } finally {
      wire.stop();
    }
  });

  it('rolls back when the first statement fails with BEGIN in front of it, with the error in TypeORM’s shape, and the connection stays usable', async () => {
    await expect(
      inTransaction(dataSource, (m) => prepared(m, 'probe-insert', 'INSERT INTO tx_probe VALUES ($1, 0)', [1])),
    ).rejects.toMatchObject({ driverError: { code: '23505' } });
    // The same statement name on the same connections: prepared once, still usable; no transaction left open.
    for (let i = 0; i < 6; i++) {
      await inTransaction(dataSource, (m) => prepared(m, 'probe-insert', 'INSERT INTO tx_probe VALUES ($1, 0)', [10 + i]));
    }
    const [{ n }]: { n: number }[] = await dataSource.query('SELECT count(*)::int AS n FROM tx_probe');
    expect(n).toBe(8);
    const [{ open }]: { open: number }[] = await dataSource.query(
      `SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
    );
    expect(open).toBe(0);
  });

  it('starts the transaction at the isolation level asked for when BEGIN rides with the first statement', async () => {
    const [{ level }] = await inTransaction(
      dataSource,
      (m) =>
        prepared<{ level: string }>(m, 'probe-level', `SELECT current_setting('transaction_isolation') AS level WHERE $1::int = 1`, [1]),
      { isolation: 'REPEATABLE READ' },
    );
    expect(level).toBe('repeatable read');
  });

  it('prepares a first statement again after it failed to parse (pg would otherwise count BEGIN’s parse as its own)', async () => {
    const probe = (m: EntityManager) =>
      prepared<{ n: number }>(m, 'probe-later', 'SELECT count(*)::int AS n FROM tx_later WHERE $1::int = 1', [1]);
    // Every connection of the pool tries it once while the table does not exist yet (42P01 at Parse).
    await Promise.all(
      [1, 2, 3, 4].map(() => expect(inTransaction(dataSource, probe)).rejects.toMatchObject({ driverError: { code: '42P01' } })),
    );
    await dataSource.query('CREATE TABLE tx_later (id int)');
    try {
      const counts = await Promise.all([1, 2, 3, 4].map(() => inTransaction(dataSource, probe)));
      expect(counts).toEqual([[{ n: 0 }], [{ n: 0 }], [{ n: 0 }], [{ n: 0 }]]);
    } finally {
      await dataSource.query('DROP TABLE tx_later');
    }
  });

  describe('commitWith', () => {
    const bump = (m: EntityManager, id: number) => prepared(m, 'probe-bump', 'UPDATE tx_probe SET n = n + 1 WHERE id = $1', [id]);

    it('sends COMMIT behind the named statement in its write, and no COMMIT after the work', async () => {
      const wire = wireMessages();
      try {
        await inTransaction(dataSource, async (m) => {
          await bump(m, 1);
          commitWith(m.queryRunner, 'probe-bump');
          await bump(m, 2);
        });
        // BEGIN with the first; the second with COMMIT behind it (Parse, Bind, Execute before the Sync); nothing more.
        // (The named statement's own Parse only where the connection has not prepared it yet.)
        const writes = wire.messages.join('').split('|').filter(Boolean);
        expect(writes).toHaveLength(2);
        expect(writes[0]).toMatch(/^PBEP?BDES$/);
        expect(writes[1]).toBe('BDEPBES');
      } finally {
        wire.stop();
      }
      const rows: { n: number }[] = await dataSource.query('SELECT n FROM tx_probe ORDER BY id');
      expect(rows.map((r) => r.n)).toEqual([1, 1]);
    });

    it('refuses a statement after the one that committed (it would run outside the transaction)', async () => {
      await expect(
        inTransaction(dataSource, async (m) => {
          commitWith(m.queryRunner, 'probe-bump');
          await bump(m, 1);
          await m.query('UPDATE tx_probe SET n = 100 WHERE id = 2');
        }),
      ).rejects.toThrow(/committed with its last statement/);
      const rows: { n: number }[] = await dataSource.query('SELECT n FROM tx_probe ORDER BY id');
      expect(rows.map((r) => r.n)).toEqual([1, 0]); // the first committed (with its statement), the refused one never ran
    });

    it('does not commit when the named statement fails: the whole transaction rolls back', async () => {
      await expect(
        inTransaction(dataSource, async (m) => {
          await bump(m, 1);
          commitWith(m.queryRunner, 'probe-insert');
          await prepared(m, 'probe-insert', 'INSERT INTO tx_probe VALUES ($1, 0)', [2]); // 23505
        }),
      ).rejects.toMatchObject({ driverError: { code: '23505' } });
      const rows: { n: number }[] = await dataSource.query('SELECT n FROM tx_probe ORDER BY id');
      expect(rows.map((r) => r.n)).toEqual([0, 0]);
    });

    it('commits as usual when the named statement is not sent, and carries BEGIN and COMMIT both on a lone statement', async () => {
      await inTransaction(dataSource, async (m) => {
        commitWith(m.queryRunner, 'not-sent');
        await bump(m, 1);
      });
      const wire = wireMessages();
      try {
        await inTransaction(dataSource, async (m) => {
          commitWith(m.queryRunner, 'probe-bump');
          await bump(m, 2);
        });
        const writes = wire.messages.join('').split('|').filter(Boolean);
        expect(writes).toHaveLength(1);
        expect(writes[0]).toMatch(/^PBEP?BDEPBES$/);
      } finally {
        wire.stop();
      }
      const rows: { n: number }[] = await dataSource.query('SELECT n FROM tx_probe ORDER BY id');
      expect(rows.map((r) => r.n)).toEqual([1, 1]);
    });
  });
});
