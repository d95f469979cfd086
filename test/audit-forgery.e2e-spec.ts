import { Logger } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ADVISORY_LOCKS } from '@brygga/common';
import { MetricsServer } from '@brygga/observability';
import { newThreadBody, TestApi, type TestUser } from './support/harness';

/**
 * The access log against a holder of the application's database credentials (brygga_app, a real
 * connection as that role) and against a superuser who goes around the triggers: the attacks of
 * issue 28, each refused by the database or stopped by the sealer and named by verification,
 * readiness, the metrics and a log line.
 */

interface Ready {
  status: number;
  state?: string;
}

async function ready(api: TestApi): Promise<Ready> {
  const res = await fetch(`${api.baseUrl}/api/health/ready`);
  const body = (await res.json()) as { error?: { sealer?: { state?: string } } };
  return { status: res.status, state: body.error?.sealer?.state };
}

async function metric(api: TestApi, name: string): Promise<number> {
  const text = await (await fetch(`${api.app.get(MetricsServer).url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.slice(name.length + 1));
}

/** Polls (the sealer runs every 250 ms) until the condition holds; fails with the last value. */
async function eventually<T>(read: () => Promise<T>, holds: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (holds(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

/** A superuser with triggers off: the only one who can get a row past the insert trigger. */
async function aroundTheTrigger(api: TestApi, sql: string, params: unknown[] = []): Promise<{ seq: string }[]> {
  const client = await connect(api.superuserUrl);
  try {
    await client.query('SET session_replication_role = replica');
    return (await client.query(sql, params)).rows as { seq: string }[];
  } finally {
    await client.end();
  }
}

interface Story {
  api: TestApi;
  reviewer: TestUser;
  coordinator: TestUser;
  threadId: string;
  patientId: string;
}

/** A ward, a thread with its reads, a log reviewer; the chain sealed and verified. */
async function story(env: Record<string, string> = {}): Promise<Story> {
  const api = await TestApi.start(env);
  const ward = await api.unit('slutenvard');
  const sof = await api.unit('sof');
  const coordinator = await api.user(ward, 'koordinator');
  const reviewer = await api.user(ward, 'logggranskare');
  const created = await api.request(coordinator, 'POST', '/api/threads', newThreadBody([sof]));
  await api.request(coordinator, 'GET', `/api/threads/${created.body.id}`);
  expect((await api.request(reviewer, 'GET', '/api/audit/verify')).body.ok).toBe(true);
  return { api, reviewer, coordinator, threadId: created.body.id, patientId: created.body.patient.id };
}

/** The patient's extract, its reads of the thread ("Läste ärende") by the coordinator. */
const extractReads = async (s: Story): Promise<string[]> => {
  const res = await s.api.request(s.reviewer, 'POST', '/api/audit/extract', { identityNumber: '19000612-9803', format: 'csv' });
  expect(res.status).toBe(200);
  return (res.body as string).split('\r\n').filter((line) => line.includes('"Läste ärende"'));
};

describe('the access log against the application role', () => {
  let s: Story;
  let app: Client;

  beforeAll(async () => {
    s = await story();
    app = await connect(s.api.databaseUrl);
    expect((await app.query('SELECT current_user AS me')).rows[0].me).toBe('brygga_app');
  });
  afterAll(async () => {
    await app.end();
    await s.api.close();
  });

  it("refuses the forged row of the attack (seq 9000000000, two weeks back, its own content hash): the patient's extract shows no such read", async () => {
    const forged = {
      action: 'thread.read',
      user: s.coordinator.id,
      patient: s.patientId,
      thread: s.threadId,
      hash: createHash('sha256').update('forged').digest(),
    };
    const insert = (columns: string, values: string) =>
      app.query(
        `INSERT INTO audit_log (user_id, patient_id, thread_id, action, outcome${columns}) VALUES ($1, $2, $3, $4, 'allowed'${values})`,
        [forged.user, forged.patient, forged.thread, forged.action, ...(columns.includes('content_hash') ? [forged.hash] : [])],
      );
    const before = await extractReads(s);
    await expect(insert(', seq, occurred_at, content_hash', `, 9000000000, now() - interval '14 days', $5`)).rejects.toThrow(
      /set by the database/,
    );
    // Each of the three on its own is refused too.
    await expect(insert(', seq', ', 9000000000')).rejects.toThrow(/set by the database/);
    await expect(insert(', occurred_at', `, now() - interval '14 days'`)).rejects.toThrow(/set by the database/);
    await expect(insert(', content_hash', ', $5')).rejects.toThrow(/set by the database/);
    expect((await app.query('SELECT count(*)::int AS n FROM audit_log WHERE seq >= 9000000000')).rows[0].n).toBe(0);
    expect(await extractReads(s)).toEqual(before);
    expect(before).toHaveLength(1);
    expect((await s.api.request(s.reviewer, 'GET', '/api/audit/verify')).body.ok).toBe(true);
    expect((await ready(s.api)).status).toBe(200);
  });

  it('places what the role may still write (a row as the api writes it) at the next number and the time of now, and seals it', async () => {
    const [{ max }] = (await app.query('SELECT max(seq)::text AS max FROM audit_log')).rows;
    const { rows } = await app.query(
      `INSERT INTO audit_log (user_id, action, outcome) VALUES ($1, 'thread.list', 'allowed') RETURNING seq::text AS seq, occurred_at, (now() - occurred_at) AS age`,
      [s.coordinator.id],
    );
    expect(BigInt(rows[0].seq)).toBeGreaterThan(BigInt(max));
    expect(Math.abs(Date.now() - (rows[0].occurred_at as Date).getTime())).toBeLessThan(60_000);
    await eventually(
      () => app.query('SELECT count(*)::int AS n FROM audit_chain WHERE seq = $1', [rows[0].seq]).then((r) => r.rows[0].n as number),
      (n) => n === 1,
      'the row sealed',
    );
  });

  it('refuses to change the sequence (its number or its cache) or the functions that place rows and find the horizon', async () => {
    await expect(app.query(`SELECT setval('audit_log_seq', 9000000000)`)).rejects.toThrow(/permission denied/);
    // With a cache a backend could hand out a number below a horizon already read (migration 1796040000000).
    await expect(app.query('ALTER SEQUENCE audit_log_seq CACHE 10')).rejects.toThrow(/must be owner/);
    await expect(app.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_place')).rejects.toThrow(/must be owner/);
    await expect(app.query('DROP FUNCTION brygga_audit_place() CASCADE')).rejects.toThrow(/must be owner/);
    await expect(app.query('DROP FUNCTION brygga_audit_horizon(bigint)')).rejects.toThrow(/must be owner/);
  });

  /**
   * The sealer's horizon without a lock writers wait for (migration 1796040000000, issue 32): a
   * transaction that has access-log rows holds every later row back until it ends — a row sealed
   * past its uncommitted one would be a stray behind the chain, which verification names — and a
   * long transaction without access-log rows (with an xid) holds nothing back.
   */
  it('seals past a long transaction without access-log rows, and holds later rows behind an open one with rows (in a savepoint) until it commits', async () => {
    const insert = (client: Client) =>
      client
        .query(`INSERT INTO audit_log (user_id, action, outcome) VALUES ($1, 'thread.list', 'allowed') RETURNING seq::text AS seq`, [
          s.coordinator.id,
        ])
        .then((r) => (r.rows[0] as { seq: string }).seq);
    const linked = (seq: string) =>
      app.query('SELECT count(*)::int AS n FROM audit_chain WHERE seq = $1', [seq]).then((r) => r.rows[0].n as number);
    const other = await connect(s.api.databaseUrl);
    try {
      // A write transaction of another kind stays open (its xid is older than every horizon after it).
      await other.query('BEGIN');
      await other.query('SELECT pg_current_xact_id()');
      const first = await insert(app);
      await eventually(
        () => linked(first),
        (n) => n === 1,
        'the row sealed past the open transaction without rows',
      );
      await other.query('COMMIT');

      // Its first write is the access-log row, in a savepoint released into the transaction.
      await other.query('BEGIN');
      await other.query('SAVEPOINT a');
      const held = await insert(other);
      await other.query('RELEASE SAVEPOINT a');
      const later = await insert(app);
      expect(BigInt(later)).toBeGreaterThan(BigInt(held));
      // A round has looked at the committed later row and left it unsealed.
      await eventually(
        () => metric(s.api, 'brygga_audit_unsealed_rows'),
        (n) => n >= 1,
        'the later row counted as unsealed',
      );
      expect(await linked(later)).toBe(0);
      await other.query('COMMIT');
      await eventually(
        () => linked(later),
        (n) => n === 1,
        'the later row sealed after the commit',
      );
      expect(await linked(held)).toBe(1);
      expect((await s.api.request(s.reviewer, 'GET', '/api/audit/verify')).body).toMatchObject({ ok: true });
    } finally {
      await other.end();
    }
  });
});

describe('the sealer against rows that break continuity', () => {
  const open: Story[] = [];
  afterAll(() => Promise.all(open.map((s) => s.api.close())));
  const start = async (env: Record<string, string> = {}) => {
    const s = await story(env);
    open.push(s);
    return s;
  };

  it('refuses to chain a backdated row slipped in around the trigger: verification, readiness, metric and a log line name it', async () => {
    const s = await start();
    const errors = jest.spyOn(Logger.prototype, 'error');
    const [forged] = await aroundTheTrigger(
      s.api,
      `INSERT INTO audit_log (seq, occurred_at, user_id, patient_id, thread_id, action, outcome)
       VALUES (nextval('audit_log_seq'), now() - interval '14 days', $1, $2, $3, 'thread.read', 'allowed') RETURNING seq::text AS seq`,
      [s.coordinator.id, s.patientId, s.threadId],
    );
    // A real row after it: the chain cannot reach it without linking the forged one first.
    await s.api.request(s.coordinator, 'GET', `/api/threads/${s.threadId}`);
    const verify = (await s.api.request(s.reviewer, 'GET', '/api/audit/verify')).body;
    expect(verify).toMatchObject({ ok: false, firstBroken: { seq: forged.seq, reason: expect.stringMatching(/bakåtdaterad/) } });
    const down = await eventually(
      () => ready(s.api),
      (r) => r.status === 503,
      'readiness',
    );
    expect(down.state).toContain(`chain broken at row ${forged.seq}`);
    expect(down.state).toMatch(/backdated/);
    expect(await metric(s.api, 'brygga_audit_chain_broken')).toBe(Number(forged.seq));
    // Every row the chain has not reached: the forged one, the real one after it, verify's own.
    await eventually(
      () => metric(s.api, 'brygga_audit_unsealed_rows'),
      (n) => n >= 3,
      'unsealed rows',
    );
    expect(errors.mock.calls.some(([msg]) => String(msg).includes(`stops at row ${forged.seq}`))).toBe(true);
    errors.mockRestore();
    const linked = await s.api.dataSource.query('SELECT count(*)::int AS n FROM audit_chain WHERE seq >= $1', [forged.seq]);
    expect(linked[0].n).toBe(0);
  });

  it('catches a row with a number the sequence never handed out, and goes on sealing the real rows below it', async () => {
    const s = await start();
    await aroundTheTrigger(
      s.api,
      `INSERT INTO audit_log (seq, occurred_at, user_id, patient_id, action, outcome, content_hash)
       VALUES (9000000000, now() - interval '14 days', $1, $2, 'thread.read', 'allowed', $3)`,
      [s.coordinator.id, s.patientId, randomBytes(32)],
    );
    await s.api.request(s.coordinator, 'GET', `/api/threads/${s.threadId}`);
    const verify = (await s.api.request(s.reviewer, 'GET', '/api/audit/verify')).body;
    expect(verify).toMatchObject({ ok: false, firstBroken: { seq: '9000000000', reason: expect.stringMatching(/aldrig har delat ut/) } });
    const down = await eventually(
      () => ready(s.api),
      (r) => r.status === 503,
      'readiness',
    );
    expect(down.state).toContain('chain broken at row 9000000000');
    expect(await metric(s.api, 'brygga_audit_chain_broken')).toBe(9000000000);
    // Unlike before, the forged row does not carry the chain past the real rows: they are sealed.
    const unsealedBelow = async (): Promise<number> =>
      (
        await s.api.dataSource.query(
          `SELECT count(*)::int AS n FROM audit_log a WHERE a.seq < 9000000000 AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.seq = a.seq)`,
        )
      )[0].n;
    await eventually(unsealedBelow, (n) => n === 0, 'real rows sealed');
    await eventually(
      () => metric(s.api, 'brygga_audit_unsealed_rows'),
      (n) => n === 1,
      'only the forged row unsealed',
    );
  });

  it('stops at a link the app role appended, counts the real rows under it as unsealed, and verification names it', async () => {
    const s = await start();
    const app = await connect(s.api.databaseUrl);
    try {
      const [head] = (await app.query('SELECT seq::text AS seq, hash, key_id FROM audit_chain ORDER BY seq DESC LIMIT 1')).rows;
      const [{ next }] = (await app.query('SELECT (max(seq) + 1000)::text AS next FROM audit_log')).rows;
      await app.query('INSERT INTO audit_chain (seq, prev_seq, prev_hash, hash, key_id) VALUES ($1, $2, $3, $4, $5)', [
        next,
        head.seq,
        head.hash,
        randomBytes(32),
        head.key_id,
      ]);
      for (let i = 0; i < 3; i++) await s.api.request(s.coordinator, 'GET', `/api/threads/${s.threadId}`);
      const down = await eventually(
        () => ready(s.api),
        (r) => r.status === 503,
        'readiness',
      );
      expect(down.state).toContain(`chain broken at row ${next}`);
      expect(
        await eventually(
          () => metric(s.api, 'brygga_audit_unsealed_rows'),
          (n) => n >= 3,
          'unsealed rows',
        ),
      ).toBeGreaterThanOrEqual(3);
      const verify = (await s.api.request(s.reviewer, 'GET', '/api/audit/verify')).body;
      expect(verify).toMatchObject({ ok: false, firstBroken: { seq: next } });
    } finally {
      await app.end();
    }
  });

  it('does not leave real rows unsealed unnoticed when the app role keeps the sealer from its lock', async () => {
    const s = await start({ AUDIT_UNSEALED_STALE_SECONDS: '2' });
    const app = await connect(s.api.databaseUrl);
    try {
      await app.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCKS.auditSealer]);
      await s.api.request(s.coordinator, 'GET', `/api/threads/${s.threadId}`);
      const down = await eventually(
        () => ready(s.api),
        (r) => r.status === 503,
        'readiness',
      );
      expect(down.state).toMatch(/rows unsealed, the oldest for \d+ s/);
      expect(await metric(s.api, 'brygga_audit_unsealed_rows')).toBeGreaterThanOrEqual(1);
      await app.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCKS.auditSealer]);
      await eventually(
        () => ready(s.api),
        (r) => r.status === 200,
        'readiness after the lock is released',
      );
      expect(await metric(s.api, 'brygga_audit_unsealed_rows')).toBe(0);
    } finally {
      await app.end();
    }
  });

  it('counts a row slipped in behind the chain (a stray) as unsealed and names it', async () => {
    const s = await start();
    // Below the head: a number no row took (the sequence starts at 1).
    const seq = '0';
    await aroundTheTrigger(
      s.api,
      `INSERT INTO audit_log (seq, occurred_at, user_id, action, outcome) VALUES ($1, now(), $2, 'thread.read', 'allowed')`,
      [seq, s.coordinator.id],
    );
    // A node scans behind the chain at start and every ten minutes: a new node sees it at once.
    const other = await TestApi.start({}, s.api);
    try {
      const down = await eventually(
        () => ready(other),
        (r) => r.status === 503,
        'readiness',
      );
      expect(down.state).toContain(`chain broken at row ${seq}`);
      expect(await metric(other, 'brygga_audit_unsealed_rows')).toBeGreaterThanOrEqual(1);
      const verify = (await s.api.request(s.reviewer, 'GET', '/api/audit/verify')).body;
      expect(verify).toMatchObject({ ok: false, firstBroken: { seq, reason: expect.stringMatching(/tillagd i efterhand/) } });
    } finally {
      await other.close();
    }
  });
});
